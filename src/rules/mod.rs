//! The rule set: what is malformed in a citation, how badly, and the safe fix.
//!
//! Each rule has a stable code (`dragoman/<name>`), a default severity (SPEC §3) and an
//! explanation. [`check_text`] runs them all over a draft and returns [`Finding`]s in
//! byte ranges; nothing here knows about LSP (the `report` module converts).

mod beside;
mod checks;
mod facts;
mod fix;
mod regions;
mod suppress;

#[cfg(test)]
mod tests;

pub use beside::{beside, Beside, WrittenDate};
pub use checks::{check_citations, format_date, Context, KnownAcronyms};
pub use facts::check_facts;
pub use fix::{apply_fixes, fix_until_stable, Applicability, Applied, Edit, Fix, Fixed, MAX_FIX_PASSES};
pub use regions::excluded_regions;
pub use suppress::Suppressions;

use crate::citation::Span;

/// How serious a finding is. The discriminants are LSP's `DiagnosticSeverity` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parse `error`, `warning`, `information` (or `info`), `hint`.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "error" | "e" => Severity::Error,
            "warning" | "warn" | "w" => Severity::Warning,
            "information" | "info" | "i" => Severity::Information,
            "hint" | "h" => Severity::Hint,
            _ => return None,
        })
    }
}

macro_rules! rules {
    ($( $variant:ident => $code:literal, $sev:ident, $row:literal, $summary:literal, $bad:literal, $good:literal; )*) => {
        /// Every rule Dragoman checks. The order follows SPEC §3's table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            /// All rules, in SPEC order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The rule's name, the part after `dragoman/` in its code.
            pub fn name(self) -> &'static str { match self { $( Rule::$variant => $code, )* } }

            /// The severity SPEC §3 gives the rule.
            pub fn default_severity(self) -> Severity { match self { $( Rule::$variant => Severity::$sev, )* } }

            /// The row of SPEC §3's table the rule implements (0 for rules beyond the table).
            pub fn spec_row(self) -> u8 { match self { $( Rule::$variant => $row, )* } }

            /// One sentence on what the rule catches.
            pub fn summary(self) -> &'static str { match self { $( Rule::$variant => $summary, )* } }

            /// An example of what it flags and of the correct form.
            pub fn example(self) -> (&'static str, &'static str) { match self { $( Rule::$variant => ($bad, $good), )* } }
        }
    };
}

rules! {
    CapitalizedResolution => "capitalized-resolution", Warning, 1,
        "\"resolution\" is written in lower case mid-sentence.",
        "as Resolution 1540 (2004) requires", "as resolution 1540 (2004) requires";
    MissingSpace => "missing-space", Warning, 2,
        "A space separates the resolution number from its year.",
        "resolution 1540(2004)", "resolution 1540 (2004)";
    MissingYear => "missing-year", Warning, 3,
        "A Security Council resolution is cited with its year of adoption.",
        "resolution 1540", "resolution 1540 (2004)";
    WrongYear => "wrong-year", Error, 4,
        "The year given is not the year the resolution was adopted.",
        "resolution 1540 (2005)", "resolution 1540 (2004)";
    UnknownResolution => "unknown-resolution", Error, 5,
        "No Security Council resolution has this number in that year.",
        "resolution 9120 (2016)", "(no such resolution)";
    YearFormat => "year-format", Warning, 6,
        "The year of a Security Council resolution is written in parentheses, in four digits.",
        "resolution 1540 [2004]", "resolution 1540 (2004)";
    PluralResolutions => "plural-resolutions", Warning, 7,
        "Several resolutions cited together take the plural \"resolutions\".",
        "resolution 1540 (2004) and 2325 (2016)", "resolutions 1540 (2004) and 2325 (2016)";
    ListMissingYear => "list-missing-year", Warning, 8,
        "Every resolution in a list carries its own year.",
        "resolutions 1540 and 2325 (2016)", "resolutions 1540 (2004) and 2325 (2016)";
    OrganAbbreviation => "organ-abbreviation", Warning, 9,
        "UN style names the organ in full, not UNSC, UNSCR or SCR.",
        "UNSCR 1540", "Security Council resolution 1540 (2004)";
    NumberSign => "number-sign", Warning, 10,
        "A resolution number takes no \"No.\" or \"#\".",
        "resolution No. 1540", "resolution 1540 (2004)";
    ResolutionSymbol => "resolution-symbol", Warning, 11,
        "A Security Council resolution symbol is written S/RES/<number> (<year>).",
        "S/Res/1540(2004)", "S/RES/1540 (2004)";
    WrongOrgan => "wrong-organ", Error, 12,
        "The organ named does not match the form of the citation.",
        "General Assembly resolution 1540 (2004)", "Security Council resolution 1540 (2004)";
    UnbalancedParenthesis => "unbalanced-parenthesis", Error, 13,
        "The parenthesis around the year or session is not closed.",
        "resolution 2325 (2016", "resolution 2325 (2016)";
    SessionalNumber => "sessional-number", Warning, 14,
        "A General Assembly resolution since 1976 is cited as <session>/<number>, with no leading zero.",
        "resolution 70-1", "resolution 70/1";
    DocumentAsResolution => "document-as-resolution", Error, 15,
        "A document symbol stands where a resolution number belongs.",
        "resolution A/70/1", "resolution 70/1";
    SessionNumeral => "session-numeral", Warning, 16,
        "A General Assembly resolution before 1976 carries its session in upper-case Roman numerals.",
        "resolution 2625 (25)", "resolution 2625 (XXV)";
    UnknownGaResolution => "unknown-ga-resolution", Error, 17,
        "The General Assembly session adopted no resolution with this number.",
        "resolution 79/999", "(no such resolution)";
    SymbolFormat => "symbol-format", Warning, 18,
        "A UN document symbol is written exactly: S/PRST/2017/2, S/PV.8140, S/2017/1025.",
        "S/PRST 2017/2", "S/PRST/2017/2";
    AcronymFirstUse => "acronym-first-use", Information, 19,
        "An acronym is spelled out at its first use in the text.",
        "the IAEA", "the International Atomic Energy Agency (IAEA)";
    WrongDate => "wrong-date", Warning, 0,
        "The date written beside a resolution is not the date the catalogue records for its adoption (the message names the source).",
        "resolution 70/1 of 25 October 2015", "resolution 70/1 of 25 September 2015";
    WrongTitle => "wrong-title", Warning, 0,
        "The title written after \"entitled\" is not the resolution's title as the UN's machine-readable record gives it.",
        "resolution 79/1, entitled “The Pact of the Future”", "resolution 79/1, entitled “The Pact for the Future”";
    WrongVote => "wrong-vote", Warning, 0,
        "A Security Council resolution said to be adopted unanimously had votes against or abstentions.",
        "the unanimous adoption of resolution 2334 (2016)", "the adoption of resolution 2334 (2016)";
    WrongGaSession => "wrong-ga-session", Error, 0,
        "An old-style General Assembly number is cited with a session it does not belong to (the UN Digital Library's records place every number in one session).",
        "resolution 1966 (XVII)", "resolution 1966 (XVIII)";
    BeyondCatalogue => "beyond-catalogue", Information, 0,
        "The resolution is numbered past the last one in Dragoman's catalogue, so it cannot be checked.",
        "resolution 2830 (2026)", "(cannot be checked)";
}

impl Rule {
    /// The diagnostic code: `dragoman/<name>`.
    pub fn code(self) -> String {
        format!("dragoman/{}", self.name())
    }

    /// Find a rule by name or code (`wrong-year`, `dragoman/wrong-year`).
    pub fn from_name(s: &str) -> Option<Rule> {
        let name = s.strip_prefix("dragoman/").unwrap_or(s);
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }
}

/// One problem found in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The byte range the finding covers (the squiggle).
    pub span: Span,
    /// What is wrong and what is right.
    pub message: String,
    /// The fix, where there is one (safe or a suggestion: see [`Applicability`]).
    pub fix: Option<Fix>,
}

/// Per-rule settings: on or off, and severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    overrides: std::collections::BTreeMap<Rule, Option<Severity>>,
}

impl RuleSettings {
    /// Turn `rule` off (`None`) or set its severity.
    pub fn set(&mut self, rule: Rule, severity: Option<Severity>) {
        self.overrides.insert(rule, severity);
    }

    /// The effective severity of `rule`, `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        match self.overrides.get(&rule) {
            Some(s) => *s,
            None => Some(rule.default_severity()),
        }
    }

    /// Parse one setting value: `off`, `false`, or a severity name.
    pub fn parse_value(value: &str) -> Result<Option<Severity>, String> {
        match value.to_ascii_lowercase().as_str() {
            "off" | "false" | "none" | "disable" | "disabled" => Ok(None),
            "on" | "true" => Err("use a severity (error, warning, information, hint) or \"off\"".into()),
            other => Severity::parse(other).map(Some).ok_or_else(|| format!("unknown severity {other:?}: use error, warning, information, hint or off")),
        }
    }
}

/// Everything [`check_text`] needs besides the text.
pub struct CheckOptions<'a> {
    pub context: Context<'a>,
    pub rules: &'a RuleSettings,
}

/// Check a draft: scan citations outside excluded regions, apply every rule, honour
/// settings and inline suppressions. Findings are sorted by position.
pub fn check_text(text: &str, options: &CheckOptions<'_>) -> Vec<Finding> {
    let excluded = excluded_regions(text);
    let citations: Vec<_> = crate::citation::scan(text).into_iter().filter(|c| !regions::overlaps_any(&excluded, &c.span)).collect();
    let mut findings = check_citations(text, &citations, &options.context);
    findings.extend(facts::check_facts(text, &citations, &options.context));
    findings.extend(checks::check_acronyms(text, &excluded, &options.context));
    let suppressions = Suppressions::parse(text);
    findings.retain_mut(|f| {
        if suppressions.is_suppressed(f.rule, f.span.start) {
            return false;
        }
        match options.rules.severity(f.rule) {
            Some(sev) => {
                f.severity = sev;
                true
            }
            None => false,
        }
    });
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    findings
}
