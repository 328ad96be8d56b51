use super::*;
use crate::rules::KnownAcronyms;

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap()
}

fn found(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
    g.find(text).into_iter().map(|m| (m.entity.key.clone(), text[m.span].to_string())).collect()
}

#[test]
fn bundled_gazetteer_loads_without_conflicts() {
    let g = Gazetteer::bundled();
    assert!(!g.entities().is_empty());
    assert!(g.get("org:iaea").is_some(), "the IAEA is in the bundled gazetteer");
    assert_eq!(g.warnings(), &[] as &[String], "no acronym or name is claimed by two entries");
}

/// Entities without an official site of their own (dissolved bodies, groups without a
/// secretariat): the only ones allowed to have no link.
const WITHOUT_LINK: &[&str] = &[
    "interfet",
    "ramsi",
    "mss-haiti",
    "cicig",
    "weu",
    "warsaw-pact",
    "cmea",
    "celac",
    "rio-group",
    "contadora",
    "unasur",
    "alba",
    "seato",
    "frontline-states",
    "g5-sahel",
    "mru",
    "nam",
    "g7",
    "g8",
    "brics",
    "acd",
    "plo",
    "swapo",
    "pac",
];

#[test]
fn bundled_entities_are_complete() {
    let g = Gazetteer::bundled();
    let mut ids = std::collections::HashSet::new();
    for e in g.entities() {
        assert!(ids.insert(e.id.as_str()), "id {:?} is used twice", e.id);
        assert!(!e.name.trim().is_empty(), "{}: no name", e.id);
        assert!(!e.category.trim().is_empty(), "{}: no category", e.id);
        assert!(e.description.as_deref().is_some_and(|d| !d.trim().is_empty() && !d.contains('\n')), "{}: no one-line description", e.id);
        match e.link.as_deref() {
            Some(link) => assert!(link.starts_with("https://") && !link.contains(char::is_whitespace), "{}: link {link:?}", e.id),
            None => assert!(WITHOUT_LINK.contains(&e.id.as_str()), "{}: no link", e.id),
        }
    }
    assert!(g.entities().len() >= 200, "{} entities", g.entities().len());
}

#[test]
fn bundled_gazetteer_finds_what_the_seeds_name() {
    let g = Gazetteer::bundled();
    let keys = |text: &str| g.find(text).into_iter().map(|m| m.entity.key.as_str()).collect::<std::collections::BTreeSet<_>>();
    let seed0 = include_str!("../../seeds/000_d4ea41a10ebcdbe5.txt");
    let expected0 =
        ["instrument:agenda-2030", "instrument:att", "instrument:poa-salw", "instrument:unroca", "org:au", "org:interpol", "org:sc", "org:un", "org:unodc"];
    assert_eq!(keys(seed0), expected0.into_iter().collect());
    let seed4 = include_str!("../../seeds/004_5167a4cbcf6c02b8.txt");
    let expected4 =
        ["org:1540-committee", "org:gtri", "org:iaea", "org:iaea-leu-bank", "org:interpol", "org:trust-fund-disarmament-activities", "org:un", "org:unodc"];
    assert_eq!(keys(seed4), expected4.into_iter().collect());

    // The long names, wrapped over lines in the seeds, are found whole.
    let spans =
        |text: &'static str, key: &str| -> Vec<&'static str> { g.find(text).into_iter().filter(|m| m.entity.key == key).map(|m| &text[m.span]).collect() };
    let poa = spans(seed0, "instrument:poa-salw");
    assert_eq!(poa.len(), 1);
    assert!(poa[0].starts_with("Programme of Action\nto Prevent") && poa[0].ends_with("in All Its Aspects"), "{poa:?}");
    assert_eq!(spans(seed0, "instrument:unroca"), vec!["United Nations Register of\nConventional Arms"]);
    assert_eq!(spans(seed0, "org:unodc"), vec!["United Nations Office on Drugs and Crime"]);
    assert_eq!(spans(seed0, "instrument:att"), vec!["Arms Trade Treaty"]);
    assert_eq!(spans(seed4, "org:1540-committee"), vec!["Committee established pursuant to resolution 1540\n(2004)", "1540 Committee"]);
    assert_eq!(spans(seed4, "org:iaea"), vec!["International Atomic Energy Agency", "IAEA", "IAEA"]);
    assert_eq!(spans(seed4, "org:iaea-leu-bank"), vec!["low-\nenriched uranium bank"]);
    assert_eq!(spans(seed4, "org:interpol"), vec!["INTERPOL"]);

    // Acronyms expand for the acronym rule.
    assert_eq!(g.expand("UNODC"), Some(("United Nations Office on Drugs and Crime", false)));
    assert_eq!(g.expand("ATT"), Some(("Arms Trade Treaty", false)));
    assert_eq!(g.by_acronym("PoA").map(|e| e.key.as_str()), Some("instrument:poa-salw"));
    // A bare "programme of action" names nothing.
    assert!(g.find("the programme of action adopted by the Conference").is_empty());
}

#[test]
fn keys_and_lookups() {
    let g = fixture();
    let iaea = g.get("org:iaea").unwrap();
    assert_eq!(iaea.name, "International Atomic Energy Agency");
    assert_eq!(g.get("iaea"), Some(iaea));
    assert_eq!(g.by_acronym("IAEA"), Some(iaea));
    assert_eq!(g.by_acronym("iaea"), None);
    assert_eq!(g.get("instrument:att").unwrap().acronym(), Some("ATT"));
    assert_eq!(g.by_name("international Atomic Energy Agency"), Some(iaea));
    assert_eq!(g.by_name("Non-Proliferation\nTreaty").map(|e| e.key.as_str()), Some("instrument:npt"));
    assert_eq!(g.expand("IAEA"), Some(("International Atomic Energy Agency", true)));
    assert_eq!(g.expand("ATT"), Some(("Arms Trade Treaty", false)));
    assert_eq!(g.expand("XYZ"), None);
}

#[test]
fn finds_wrapped_names_whole_words_longest_first() {
    let g = fixture();
    let text = "We consider the United Nations Register of\nConventional Arms important; the IAEA's bank,\nthe UN, UNITED, UNODCs and the arms trade treaty.";
    assert_eq!(
        found(&g, text),
        vec![
            ("instrument:unroca".to_string(), "United Nations Register of\nConventional Arms".to_string()),
            ("org:iaea".to_string(), "IAEA".to_string()),
            ("org:un".to_string(), "UN".to_string()),
        ]
    );
    let poa =
        "implement the Programme of Action\nto Prevent, Combat and Eradicate the Illicit Trade in\nSmall Arms and Light Weapons in All Its Aspects in\neach";
    let m = g.find(poa);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].entity.key, "instrument:poa-salw");
    assert!(poa[m[0].span.clone()].starts_with("Programme of Action\nto Prevent") && poa[m[0].span.clone()].ends_with("All Its Aspects"));
    assert_eq!(found(&g, "the Non-\nProliferation Treaty")[0].1, "Non-\nProliferation Treaty");
}

#[test]
fn bad_data_is_a_clear_error() {
    let dup = "[[entity]]\nid = \"a\"\nkind = \"organization\"\nname = \"A\"\n[[entity]]\nid = \"a\"\nkind = \"organization\"\nname = \"B\"\n";
    assert!(Gazetteer::parse(dup).unwrap_err().0.contains("used twice"));
    let bad_date = "[[entity]]\nid = \"a\"\nkind = \"instrument\"\nname = \"A\"\nadopted = \"28 April 2004\"\n";
    assert!(Gazetteer::parse(bad_date).unwrap_err().0.contains("not a date"));
    let toml_date = "[[entity]]\nid = \"a\"\nkind = \"instrument\"\nname = \"A\"\nadopted = 2004-04-28\nfounded = 1957\n";
    let g = Gazetteer::parse(toml_date).unwrap();
    assert_eq!(g.get("a").unwrap().adopted.as_deref(), Some("2004-04-28"));
    assert_eq!(g.get("a").unwrap().founded.as_deref(), Some("1957"));
    assert!(Gazetteer::parse("[[entity]]\nid = \"a\"\nkind = \"treaty\"\nname = \"A\"\n").is_err());
    assert!(Gazetteer::parse("not toml [").is_err());
    let shared = "[[entity]]\nid = \"a\"\nkind = \"organization\"\nname = \"A\"\nacronyms = [\"X\"]\n[[entity]]\nid = \"b\"\nkind = \"organization\"\nname = \"B\"\nacronyms = [\"X\"]\n";
    assert_eq!(Gazetteer::parse(shared).unwrap().warnings().len(), 2);
}
