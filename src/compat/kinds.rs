//! The catalogue of change kinds: name, keyword family, usual direction and whether the `LENIENT`
//! policy excuses it.
//!
//! The usual direction is what the kind means in isolation; the engine may report a different one
//! when the context decides it (inside `not`, an overlapping `oneOf`, a partially open content
//! model). docs/COMPATIBILITY.md prints this table.

use super::model::Direction;
use crate::domain::vocabulary;

vocabulary! {
    /// The group of keywords a change kind belongs to.
    Family, "keyword family" {
        /// `type`.
        Type => "TYPE",
        /// Boolean schemas (`true`/`false`).
        Boolean => "BOOLEAN",
        /// `enum` and `const`.
        Enum => "ENUM",
        /// String keywords.
        String => "STRING",
        /// Numeric keywords.
        Number => "NUMBER",
        /// Object keywords other than the content model.
        Object => "OBJECT",
        /// Declared and undeclared properties: open, partially open and closed models.
        ContentModel => "CONTENT_MODEL",
        /// Array keywords.
        Array => "ARRAY",
        /// `anyOf`, `oneOf`, `not`.
        Combinator => "COMBINATOR",
        /// `if`/`then`/`else`.
        Conditional => "CONDITIONAL",
        /// `$ref`, `$dynamicRef` and limits of the comparison.
        Reference => "REFERENCE",
        /// Keywords that do not change which documents are valid.
        Annotation => "ANNOTATION",
    }
}

/// Static facts about a change kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    /// The keyword family.
    pub family: Family,
    /// The direction the kind has when nothing in its context changes it.
    pub direction: Direction,
    /// Whether `LENIENT` excuses it wherever it appears.
    pub lenient: bool,
}

macro_rules! change_kinds {
    ($($variant:ident => $text:literal, $family:ident, $dir:ident, $lenient:literal;)+) => {
        vocabulary! {
            /// What changed. The SCREAMING_SNAKE name is the stable identifier stored in reports.
            ChangeKind, "change kind" {
                $(
                    #[doc = concat!("`", $text, "`.")]
                    $variant => $text,
                )+
            }
        }

        impl ChangeKind {
            /// The kind's family, usual direction and `LENIENT` relief.
            pub fn info(self) -> KindInfo {
                match self {
                    $(ChangeKind::$variant => KindInfo {
                        family: Family::$family,
                        direction: Direction::$dir,
                        lenient: $lenient,
                    },)+
                }
            }
        }
    };
}

change_kinds! {
    TypeAdded => "TYPE_ADDED", Type, Narrows, false;
    TypeRemoved => "TYPE_REMOVED", Type, Widens, false;
    TypeNarrowed => "TYPE_NARROWED", Type, Narrows, false;
    TypeWidened => "TYPE_WIDENED", Type, Widens, false;
    TypeChanged => "TYPE_CHANGED", Type, Both, false;
    FalseSchemaAdded => "FALSE_SCHEMA_ADDED", Boolean, Narrows, false;
    FalseSchemaRemoved => "FALSE_SCHEMA_REMOVED", Boolean, Widens, false;
    EnumAdded => "ENUM_ADDED", Enum, Narrows, false;
    EnumRemoved => "ENUM_REMOVED", Enum, Widens, false;
    EnumValueAdded => "ENUM_VALUE_ADDED", Enum, Widens, false;
    EnumValueRemoved => "ENUM_VALUE_REMOVED", Enum, Narrows, false;
    ConstAdded => "CONST_ADDED", Enum, Narrows, false;
    ConstRemoved => "CONST_REMOVED", Enum, Widens, false;
    ConstChanged => "CONST_CHANGED", Enum, Both, false;
    MinLengthAdded => "MIN_LENGTH_ADDED", String, Narrows, false;
    MinLengthRemoved => "MIN_LENGTH_REMOVED", String, Widens, false;
    MinLengthIncreased => "MIN_LENGTH_INCREASED", String, Narrows, false;
    MinLengthDecreased => "MIN_LENGTH_DECREASED", String, Widens, false;
    MaxLengthAdded => "MAX_LENGTH_ADDED", String, Narrows, false;
    MaxLengthRemoved => "MAX_LENGTH_REMOVED", String, Widens, false;
    MaxLengthIncreased => "MAX_LENGTH_INCREASED", String, Widens, false;
    MaxLengthDecreased => "MAX_LENGTH_DECREASED", String, Narrows, false;
    PatternAdded => "PATTERN_ADDED", String, Narrows, false;
    PatternRemoved => "PATTERN_REMOVED", String, Widens, false;
    PatternChanged => "PATTERN_CHANGED", String, Unknown, false;
    FormatAdded => "FORMAT_ADDED", String, Narrows, false;
    FormatRemoved => "FORMAT_REMOVED", String, Widens, false;
    FormatChanged => "FORMAT_CHANGED", String, Both, false;
    MinimumAdded => "MINIMUM_ADDED", Number, Narrows, false;
    MinimumRemoved => "MINIMUM_REMOVED", Number, Widens, false;
    MinimumIncreased => "MINIMUM_INCREASED", Number, Narrows, false;
    MinimumDecreased => "MINIMUM_DECREASED", Number, Widens, false;
    ExclusiveMinimumAdded => "EXCLUSIVE_MINIMUM_ADDED", Number, Narrows, false;
    ExclusiveMinimumRemoved => "EXCLUSIVE_MINIMUM_REMOVED", Number, Widens, false;
    ExclusiveMinimumIncreased => "EXCLUSIVE_MINIMUM_INCREASED", Number, Narrows, false;
    ExclusiveMinimumDecreased => "EXCLUSIVE_MINIMUM_DECREASED", Number, Widens, false;
    MaximumAdded => "MAXIMUM_ADDED", Number, Narrows, false;
    MaximumRemoved => "MAXIMUM_REMOVED", Number, Widens, false;
    MaximumIncreased => "MAXIMUM_INCREASED", Number, Widens, false;
    MaximumDecreased => "MAXIMUM_DECREASED", Number, Narrows, false;
    ExclusiveMaximumAdded => "EXCLUSIVE_MAXIMUM_ADDED", Number, Narrows, false;
    ExclusiveMaximumRemoved => "EXCLUSIVE_MAXIMUM_REMOVED", Number, Widens, false;
    ExclusiveMaximumIncreased => "EXCLUSIVE_MAXIMUM_INCREASED", Number, Widens, false;
    ExclusiveMaximumDecreased => "EXCLUSIVE_MAXIMUM_DECREASED", Number, Narrows, false;
    MultipleOfAdded => "MULTIPLE_OF_ADDED", Number, Narrows, false;
    MultipleOfRemoved => "MULTIPLE_OF_REMOVED", Number, Widens, false;
    MultipleOfChanged => "MULTIPLE_OF_CHANGED", Number, Both, false;
    RequiredPropertyAdded => "REQUIRED_PROPERTY_ADDED", Object, Narrows, false;
    RequiredPropertyRemoved => "REQUIRED_PROPERTY_REMOVED", Object, Widens, false;
    MinPropertiesAdded => "MIN_PROPERTIES_ADDED", Object, Narrows, false;
    MinPropertiesRemoved => "MIN_PROPERTIES_REMOVED", Object, Widens, false;
    MinPropertiesIncreased => "MIN_PROPERTIES_INCREASED", Object, Narrows, false;
    MinPropertiesDecreased => "MIN_PROPERTIES_DECREASED", Object, Widens, false;
    MaxPropertiesAdded => "MAX_PROPERTIES_ADDED", Object, Narrows, false;
    MaxPropertiesRemoved => "MAX_PROPERTIES_REMOVED", Object, Widens, false;
    MaxPropertiesIncreased => "MAX_PROPERTIES_INCREASED", Object, Widens, false;
    MaxPropertiesDecreased => "MAX_PROPERTIES_DECREASED", Object, Narrows, false;
    DependentRequiredAdded => "DEPENDENT_REQUIRED_ADDED", Object, Narrows, false;
    DependentRequiredRemoved => "DEPENDENT_REQUIRED_REMOVED", Object, Widens, false;
    DependentSchemaAdded => "DEPENDENT_SCHEMA_ADDED", Object, Narrows, false;
    DependentSchemaRemoved => "DEPENDENT_SCHEMA_REMOVED", Object, Widens, false;
    PropertyAddedToOpenContentModel => "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", ContentModel, Narrows, true;
    PropertyAddedToPartiallyOpenContentModel => "PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL", ContentModel, Both, true;
    PropertyAddedToClosedContentModel => "PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL", ContentModel, Widens, true;
    PropertyRemovedFromOpenContentModel => "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", ContentModel, Widens, true;
    PropertyRemovedFromPartiallyOpenContentModel => "PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL", ContentModel, Both, true;
    PropertyRemovedFromClosedContentModel => "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", ContentModel, Narrows, true;
    AdditionalPropertiesNarrowed => "ADDITIONAL_PROPERTIES_NARROWED", ContentModel, Narrows, true;
    AdditionalPropertiesWidened => "ADDITIONAL_PROPERTIES_WIDENED", ContentModel, Widens, true;
    UnevaluatedPropertiesNarrowed => "UNEVALUATED_PROPERTIES_NARROWED", ContentModel, Narrows, true;
    UnevaluatedPropertiesWidened => "UNEVALUATED_PROPERTIES_WIDENED", ContentModel, Widens, true;
    PatternPropertyAdded => "PATTERN_PROPERTY_ADDED", ContentModel, Narrows, true;
    PatternPropertyRemoved => "PATTERN_PROPERTY_REMOVED", ContentModel, Widens, true;
    ItemAddedToOpenContentModel => "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", Array, Narrows, false;
    ItemAddedToPartiallyOpenContentModel => "ITEM_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL", Array, Both, false;
    ItemAddedToClosedContentModel => "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", Array, Widens, false;
    ItemRemovedFromOpenContentModel => "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", Array, Widens, false;
    ItemRemovedFromPartiallyOpenContentModel => "ITEM_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL", Array, Both, false;
    ItemRemovedFromClosedContentModel => "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", Array, Narrows, false;
    AdditionalItemsNarrowed => "ADDITIONAL_ITEMS_NARROWED", Array, Narrows, false;
    AdditionalItemsWidened => "ADDITIONAL_ITEMS_WIDENED", Array, Widens, false;
    UnevaluatedItemsNarrowed => "UNEVALUATED_ITEMS_NARROWED", Array, Narrows, false;
    UnevaluatedItemsWidened => "UNEVALUATED_ITEMS_WIDENED", Array, Widens, false;
    MinItemsAdded => "MIN_ITEMS_ADDED", Array, Narrows, false;
    MinItemsRemoved => "MIN_ITEMS_REMOVED", Array, Widens, false;
    MinItemsIncreased => "MIN_ITEMS_INCREASED", Array, Narrows, false;
    MinItemsDecreased => "MIN_ITEMS_DECREASED", Array, Widens, false;
    MaxItemsAdded => "MAX_ITEMS_ADDED", Array, Narrows, false;
    MaxItemsRemoved => "MAX_ITEMS_REMOVED", Array, Widens, false;
    MaxItemsIncreased => "MAX_ITEMS_INCREASED", Array, Widens, false;
    MaxItemsDecreased => "MAX_ITEMS_DECREASED", Array, Narrows, false;
    UniqueItemsAdded => "UNIQUE_ITEMS_ADDED", Array, Narrows, false;
    UniqueItemsRemoved => "UNIQUE_ITEMS_REMOVED", Array, Widens, false;
    ContainsAdded => "CONTAINS_ADDED", Array, Narrows, false;
    ContainsRemoved => "CONTAINS_REMOVED", Array, Widens, false;
    MinContainsAdded => "MIN_CONTAINS_ADDED", Array, Narrows, false;
    MinContainsRemoved => "MIN_CONTAINS_REMOVED", Array, Widens, false;
    MinContainsIncreased => "MIN_CONTAINS_INCREASED", Array, Narrows, false;
    MinContainsDecreased => "MIN_CONTAINS_DECREASED", Array, Widens, false;
    MaxContainsAdded => "MAX_CONTAINS_ADDED", Array, Narrows, false;
    MaxContainsRemoved => "MAX_CONTAINS_REMOVED", Array, Widens, false;
    MaxContainsIncreased => "MAX_CONTAINS_INCREASED", Array, Widens, false;
    MaxContainsDecreased => "MAX_CONTAINS_DECREASED", Array, Narrows, false;
    AnyOfAdded => "ANY_OF_ADDED", Combinator, Narrows, false;
    AnyOfRemoved => "ANY_OF_REMOVED", Combinator, Widens, false;
    OneOfAdded => "ONE_OF_ADDED", Combinator, Narrows, false;
    OneOfRemoved => "ONE_OF_REMOVED", Combinator, Widens, false;
    AnyOfBranchAdded => "ANY_OF_BRANCH_ADDED", Combinator, Widens, false;
    AnyOfBranchRemoved => "ANY_OF_BRANCH_REMOVED", Combinator, Narrows, false;
    OneOfBranchAdded => "ONE_OF_BRANCH_ADDED", Combinator, Widens, false;
    OneOfBranchRemoved => "ONE_OF_BRANCH_REMOVED", Combinator, Narrows, false;
    AnyOfReplacedByOneOf => "ANY_OF_REPLACED_BY_ONE_OF", Combinator, Narrows, false;
    OneOfReplacedByAnyOf => "ONE_OF_REPLACED_BY_ANY_OF", Combinator, Widens, false;
    NotAdded => "NOT_ADDED", Combinator, Narrows, false;
    NotRemoved => "NOT_REMOVED", Combinator, Widens, false;
    NotChanged => "NOT_CHANGED", Combinator, Unknown, false;
    ConditionalAdded => "CONDITIONAL_ADDED", Conditional, Narrows, false;
    ConditionalRemoved => "CONDITIONAL_REMOVED", Conditional, Widens, false;
    IfChanged => "IF_CHANGED", Conditional, Unknown, false;
    ThenAdded => "THEN_ADDED", Conditional, Narrows, false;
    ThenRemoved => "THEN_REMOVED", Conditional, Widens, false;
    ElseAdded => "ELSE_ADDED", Conditional, Narrows, false;
    ElseRemoved => "ELSE_REMOVED", Conditional, Widens, false;
    RefUnresolved => "REF_UNRESOLVED", Reference, Unknown, false;
    DynamicRefNotCompared => "DYNAMIC_REF_NOT_COMPARED", Reference, Unknown, false;
    ComparisonTooDeep => "COMPARISON_TOO_DEEP", Reference, Unknown, false;
    TitleChanged => "TITLE_CHANGED", Annotation, Annotation, false;
    DescriptionChanged => "DESCRIPTION_CHANGED", Annotation, Annotation, false;
    ExamplesChanged => "EXAMPLES_CHANGED", Annotation, Annotation, false;
    DefaultChanged => "DEFAULT_CHANGED", Annotation, Annotation, false;
    CommentChanged => "COMMENT_CHANGED", Annotation, Annotation, false;
    DeprecatedAdded => "DEPRECATED_ADDED", Annotation, Annotation, false;
    DeprecatedRemoved => "DEPRECATED_REMOVED", Annotation, Annotation, false;
    ReadOnlyChanged => "READ_ONLY_CHANGED", Annotation, Annotation, false;
    WriteOnlyChanged => "WRITE_ONLY_CHANGED", Annotation, Annotation, false;
    ContentAnnotationChanged => "CONTENT_ANNOTATION_CHANGED", Annotation, Annotation, false;
    IdChanged => "ID_CHANGED", Annotation, Annotation, false;
    DialectChanged => "DIALECT_CHANGED", Annotation, Annotation, false;
    ExtensionKeywordChanged => "EXTENSION_KEYWORD_CHANGED", Annotation, Annotation, false;
    KeywordWithoutEffectChanged => "KEYWORD_WITHOUT_EFFECT_CHANGED", Annotation, Annotation, false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_serialises_to_its_screaming_name() {
        for kind in ChangeKind::ALL {
            let json = serde_json::to_value(kind).expect("serialise");
            assert_eq!(json, serde_json::Value::String(kind.as_str().to_string()));
            let back: ChangeKind = serde_json::from_value(json).expect("deserialise");
            assert_eq!(back, *kind);
        }
    }
}
