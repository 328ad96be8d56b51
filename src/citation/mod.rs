//! The citation grammar: what a UN citation is and where it stands in the text.
//!
//! [`scan`] finds every citation of a resolution or a UN document symbol in a text, in the
//! forms house style prescribes and in the malformed forms that drafters actually type
//! (SPEC §3). It records *what was typed*, part by part, with exact byte ranges; it does
//! not judge. Judging (is the year right? is the form canonical?) is the job of
//! [`crate::rules`], which combines these parts with the catalogue.
//!
//! The grammar knows nothing of LSP and nothing of the catalogue.

mod roman;
mod scan;
mod symbol;

pub use roman::{from_roman, to_roman};
pub use scan::{scan, scan_with, ScanOptions};

use std::ops::Range;

/// A byte range in the scanned text.
pub type Span = Range<usize>;

/// The organs whose resolutions Dragoman knows how to cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Organ {
    SecurityCouncil,
    GeneralAssembly,
    HumanRightsCouncil,
    EconomicAndSocialCouncil,
}

impl Organ {
    /// The organ's name as UN style writes it.
    pub fn name(self) -> &'static str {
        match self {
            Organ::SecurityCouncil => "Security Council",
            Organ::GeneralAssembly => "General Assembly",
            Organ::HumanRightsCouncil => "Human Rights Council",
            Organ::EconomicAndSocialCouncil => "Economic and Social Council",
        }
    }

    /// The short prefix of normalized keys (`SC 1540`).
    pub fn key_prefix(self) -> &'static str {
        match self {
            Organ::SecurityCouncil => "SC",
            Organ::GeneralAssembly => "GA",
            Organ::HumanRightsCouncil => "HRC",
            Organ::EconomicAndSocialCouncil => "ECOSOC",
        }
    }
}

/// What a citation refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A resolution of one of the [`Organ`]s.
    Resolution(Organ),
    /// A decision of the General Assembly, the Economic and Social Council or the Human
    /// Rights Council (`decision 61/503 A`, `decision 1995/304`): key `GA decision 61/503`.
    Decision(Organ),
    /// A document symbol such as `S/2017/1025` or `A/72/123`.
    Document,
    /// A meeting record: `S/PV.8140`, `A/79/PV.5`.
    MeetingRecord,
    /// A presidential statement: `S/PRST/2017/2`.
    PresidentialStatement,
}

impl Kind {
    /// A stable lower-case name for reports (`sc-resolution`, `document`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resolution(Organ::SecurityCouncil) => "sc-resolution",
            Kind::Resolution(Organ::GeneralAssembly) => "ga-resolution",
            Kind::Resolution(Organ::HumanRightsCouncil) => "hrc-resolution",
            Kind::Resolution(Organ::EconomicAndSocialCouncil) => "ecosoc-resolution",
            Kind::Decision(Organ::SecurityCouncil) => "sc-decision",
            Kind::Decision(Organ::GeneralAssembly) => "ga-decision",
            Kind::Decision(Organ::HumanRightsCouncil) => "hrc-decision",
            Kind::Decision(Organ::EconomicAndSocialCouncil) => "ecosoc-decision",
            Kind::Document => "document",
            Kind::MeetingRecord => "meeting-record",
            Kind::PresidentialStatement => "presidential-statement",
        }
    }
}

/// How the organ was named before (or after) the resolution word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganMention {
    pub organ: Organ,
    pub span: Span,
    /// `UNSC`, `UNSCR`, `SCR`: an abbreviation UN style does not use.
    pub abbreviated: bool,
    /// The abbreviation stands in for the word "resolution" too (`UNSCR 1540`).
    pub includes_word: bool,
}

/// The word `resolution` / `resolutions` as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub plural: bool,
    /// Typed with a capital R.
    pub capitalized: bool,
    /// The capital stands where a sentence or a heading begins, so it is correct.
    pub sentence_start: bool,
}

/// How a Security Council year was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStyle {
    /// ` (2004)`: canonical.
    Paren,
    /// `(2004)` with no space before.
    ParenNoSpace,
    /// `[2004]`
    Bracket,
    /// `, 2004`
    Comma,
    /// ` of 2004`
    Of,
    /// `(04)`: two digits.
    TwoDigit,
    /// `(004)`: three digits, which no year has.
    ThreeDigit,
    /// `(2004` with no closing parenthesis.
    Unclosed,
    /// `( 2004)` or `(2004 )`: spaces inside the parentheses.
    SpacedInside,
}

/// How an old-style General Assembly session (`(XXV)`) was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStyle {
    /// ` (XXV)`: canonical.
    Roman,
    /// `(xxv)`
    LowerRoman,
    /// `(25)`
    Arabic,
    /// `(XXV)` with no space before.
    NoSpace,
    /// `(XXV` with no closing parenthesis.
    Unclosed,
}

/// The part after the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dating {
    /// No year or session.
    None,
    /// A year: `(2004)` and its variants. `value` is the full year (`(04)` gives 2004).
    Year { span: Span, value: u16, style: YearStyle },
    /// An old-style General Assembly session `(XXV)` and its variants. `value` is the
    /// session number; the special forms `(S-VI)` and `(ES-V)` have `special` set.
    Session { span: Span, value: u16, special: Option<&'static str>, style: SessionStyle },
    /// A date instead of a year: `of 22 November 1967`, `of 20 September`. `year` is the
    /// date's year when given.
    OfDate { span: Span, year: Option<u16> },
    /// Something in brackets or figures follows the number that the grammar cannot read
    /// (`(i969)`, `{1973)`, `(I-E/70)`, `33 8`): the citation is there but unreadable.
    Unreadable,
}

/// How a `session/number` resolution number was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashStyle {
    /// `70/1`: canonical.
    Slash,
    /// `70-1`
    Dash,
    /// `70.1`
    Dot,
    /// `70/01`: a leading zero.
    LeadingZero,
    /// `251/60`: number and session swapped (no session is numbered past 99, and the second
    /// part is a session of the sessional era); the number holds them in their right order.
    Swapped,
}

/// The number of a resolution as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Number {
    /// `1540`, `2625`, `260 A`: a consecutive number (Security Council; General Assembly before 1976).
    Plain { span: Span, value: u32, letters: Option<Span> },
    /// `70/1`, `ES-10/1`, `2016/2`: session (or year) and number.
    Sessional { span: Span, session: String, value: u32, letters: Option<Span>, style: SlashStyle },
}

impl Number {
    pub fn span(&self) -> &Span {
        match self {
            Number::Plain { span, .. } | Number::Sessional { span, .. } => span,
        }
    }
}

/// How a document symbol was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolForm {
    /// The symbol as typed.
    pub span: Span,
    /// The symbol in canonical form (`S/PRST/2017/2`, `A/RES/70/1`).
    pub canonical: String,
    /// Spaces, lower case, a missing `.` or `/`, a two-digit year: anything not canonical.
    pub malformed: bool,
    /// The symbol stops where its number belongs (`S/2017/`): no canonical form can be given.
    pub incomplete: bool,
}

/// One citation found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub kind: Kind,
    /// The normalized key: `SC 1540`, `GA 70/1`, `GA 2625 (XXV)`, `HRC 5/1`,
    /// `ECOSOC 2016/2`, or the canonical symbol for documents (`S/2017/1025`).
    pub key: String,
    /// The whole citation, from the organ or the word `resolution` to the closing parenthesis.
    /// For the second and later items of a list it covers the item alone.
    pub span: Span,
    /// Whether the organ was named explicitly (otherwise `kind` is the grammar's inference).
    pub organ: Option<OrganMention>,
    /// The organ named earlier in the same sentence (`the General Assembly adopted
    /// resolution 181`), when none is named right before the word.
    pub context_organ: Option<Organ>,
    /// The word `resolution(s)`, for the first item of a list.
    pub word: Option<Word>,
    /// `No.` or `#` before the number.
    pub number_sign: Option<Span>,
    /// The resolution number (absent for documents).
    pub number: Option<Number>,
    pub dating: Dating,
    /// Set when the citation was written as a symbol (`S/RES/1540 (2004)`, `S/2017/1025`).
    pub symbol: Option<SymbolForm>,
    /// A document symbol written where a resolution number belongs (`resolution A/70/1`).
    pub document_as_resolution: bool,
    /// Position in a list (`resolutions 1540 (2004) and 2325 (2016)`): 0 for the first item.
    pub list_index: usize,
    /// Number of items in the list the citation belongs to (1 when alone).
    pub list_len: usize,
}

impl Citation {
    /// The resolution number's value, for plain and sessional numbers.
    pub fn number_value(&self) -> Option<u32> {
        match &self.number {
            Some(Number::Plain { value, .. }) | Some(Number::Sessional { value, .. }) => Some(*value),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests;
