//! Where the walk is: the routes witnesses take to get there, the instance path, and what the
//! surrounding keywords imply for the changes found there.

use super::node::Node;
use super::plan::Routes;
use super::resolve::escape;

/// Where the walk is and what the surrounding keywords imply for the changes found here.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame<'a> {
    pub(crate) routes: Routes<'a>,
    /// Instance path for people, with `*` for any item or undeclared property.
    pub(crate) ipath: String,
    /// Only undeclared properties reach here (`LENIENT` relaxes every change).
    pub(crate) undeclared: bool,
    /// The enclosing keyword is not monotone, so directions found here cannot be trusted.
    pub(crate) unsure: Option<&'static str>,
    /// Set while comparing the dependent schemas one property triggers (and only at their own
    /// level, not below).
    pub(crate) dependent: Option<std::rc::Rc<Dependent<'a>>>,
}

/// The dependent schemas being compared: which property triggers them and the objects they
/// belong to, which decide the properties the dependent schemas leave undeclared.
#[derive(Debug)]
pub(crate) struct Dependent<'a> {
    /// The trigger.
    pub(crate) trigger: String,
    /// Whether every declaration of the trigger in these dependent schemas is one the parent
    /// reads as its own ([`super::shape::dependent_declaration`]), so that the parent compares
    /// it and this comparison leaves it out. One reached through a `$ref` is compared here.
    pub(crate) trigger_restated: bool,
    pub(crate) old: Node<'a>,
    pub(crate) new: Node<'a>,
}

impl Dependent<'_> {
    /// What the memo key adds for these dependent schemas.
    pub(crate) fn key(&self) -> String {
        format!(
            "{}#{}#{}#{}",
            self.trigger,
            self.trigger_restated,
            self.old.key(),
            self.new.key()
        )
    }
}

impl<'a> Frame<'a> {
    /// The frame one instance step further (`segment` is a property name, an index or `*`).
    pub(crate) fn down(&self, segment: &str, routes: Routes<'a>) -> Frame<'a> {
        Frame {
            routes,
            ipath: format!("{}/{}", self.ipath, escape(segment)),
            undeclared: self.undeclared,
            unsure: self.unsure,
            dependent: None,
        }
    }

    /// The same instance location with other routes.
    pub(crate) fn with_routes(&self, routes: Routes<'a>) -> Frame<'a> {
        Frame {
            routes,
            ..self.clone()
        }
    }

    /// Marks everything below as reached by undeclared properties only.
    pub(crate) fn undeclared(mut self) -> Frame<'a> {
        self.undeclared = true;
        self
    }

    /// Marks everything below as inside a non-monotone keyword.
    pub(crate) fn unsure(mut self, why: &'static str) -> Frame<'a> {
        self.unsure.get_or_insert(why);
        self
    }
}
