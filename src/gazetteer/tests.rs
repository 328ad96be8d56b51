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
    let poa = "implement the Programme of Action\nto Prevent, Combat and Eradicate the Illicit Trade in\nSmall Arms and Light Weapons in All Its Aspects in\neach";
    let m = g.find(poa);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].entity.key, "instrument:poa-salw");
    assert!(poa[m[0].span.clone()].starts_with("Programme of Action\nto Prevent") && poa[m[0].span.clone()].ends_with("All Its Aspects"));
    assert_eq!(found(&g, "the Non-\nProliferation Treaty")[0].1, "Non-\nProliferation Treaty");
}

#[test]
fn hover_states_only_the_data() {
    let g = fixture();
    let h = g.hover_markdown("org:iaea").unwrap();
    assert_eq!(
        h,
        "**International Atomic Energy Agency \\(IAEA\\)**\n\nOrganization · UN\\-related organization\n\nThe international organization that promotes the peaceful use of nuclear energy and verifies safeguards\\.\n\nFounded 29 July 1957\n\n[https://www.iaea.org](https://www.iaea.org)"
    );
    let att = g.hover_markdown("instrument:att").unwrap();
    assert!(att.contains("Adopted 2 April 2013 · Entered into force 24 December 2014"), "{att}");
    let unodc = g.hover_markdown("unodc").unwrap();
    assert!(unodc.contains("Founded 1997") && !unodc.contains("description"), "{unodc}");
    assert_eq!(g.hover_markdown("org:nothing"), None);
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
