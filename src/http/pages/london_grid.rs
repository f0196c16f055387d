//! The London grid map: each authority a square in its usual place, as London data
//! publications draw the boroughs (rows north to south, columns west to east), with the GLA and
//! TfL in a London-wide row beneath.

/// (organisation slug, abbreviation, row, column).
pub const SQUARES: &[(&str, &str, u8, u8)] = &[
    ("enfield", "ENF", 0, 4),
    ("harrow", "HRW", 1, 2),
    ("barnet", "BAR", 1, 3),
    ("haringey", "HGY", 1, 4),
    ("waltham-forest", "WTH", 1, 5),
    ("hillingdon", "HIL", 2, 0),
    ("ealing", "EAL", 2, 1),
    ("brent", "BRN", 2, 2),
    ("camden", "CMD", 2, 3),
    ("islington", "ISL", 2, 4),
    ("hackney", "HCK", 2, 5),
    ("redbridge", "RED", 2, 6),
    ("havering", "HAV", 2, 7),
    ("hounslow", "HNS", 3, 0),
    ("hammersmith-and-fulham", "HMS", 3, 1),
    ("kensington-and-chelsea", "KNS", 3, 2),
    ("westminster", "WST", 3, 3),
    ("city-of-london", "CTY", 3, 4),
    ("tower-hamlets", "TOW", 3, 5),
    ("newham", "NWM", 3, 6),
    ("barking-and-dagenham", "BKD", 3, 7),
    ("richmond-upon-thames", "RCH", 4, 1),
    ("wandsworth", "WND", 4, 2),
    ("lambeth", "LAM", 4, 3),
    ("southwark", "STH", 4, 4),
    ("lewisham", "LSH", 4, 5),
    ("greenwich", "GRN", 4, 6),
    ("bexley", "BXL", 4, 7),
    ("kingston-upon-thames", "KNG", 5, 2),
    ("merton", "MRT", 5, 3),
    ("croydon", "CRD", 5, 4),
    ("bromley", "BRM", 5, 5),
    ("sutton", "SUT", 6, 3),
    ("gla", "GLA", 7, 0),
    ("tfl", "TfL", 7, 1),
];

/// Where an organisation's square goes, if it has one.
pub fn square(slug: &str) -> Option<(&'static str, u8, u8)> {
    SQUARES
        .iter()
        .find(|(s, ..)| *s == slug)
        .map(|(_, abbr, row, col)| (*abbr, *row, *col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_authority_has_one_square_and_no_two_share_a_place() {
        assert_eq!(SQUARES.len(), 35, "33 authorities, the GLA and TfL");
        let mut places: Vec<(u8, u8)> = SQUARES.iter().map(|(_, _, r, c)| (*r, *c)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), SQUARES.len());
        let mut slugs: Vec<&str> = SQUARES.iter().map(|(s, ..)| *s).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), SQUARES.len());
    }
}
