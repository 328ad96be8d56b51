//! Roman numerals for General Assembly sessions (`2625 (XXV)`).

/// Parse an upper- or lower-case Roman numeral in canonical subtractive form (1..=3999).
/// Returns `None` for anything else, so `IIII` or `VX` are rejected.
pub fn from_roman(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let digit = |c: u8| match c.to_ascii_uppercase() {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        b'D' => Some(500),
        b'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u16> = s.bytes().map(digit).collect::<Option<_>>()?;
    let mut total: i32 = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= i32::from(v);
        } else {
            total += i32::from(v);
        }
    }
    // Only canonical spellings round-trip.
    let total = u16::try_from(total).ok()?;
    (total > 0 && to_roman(total).eq_ignore_ascii_case(s)).then_some(total)
}

/// Write `n` (1..=3999) as an upper-case Roman numeral.
pub fn to_roman(mut n: u16) -> String {
    const TABLE: [(u16, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for n in 1..=200 {
            assert_eq!(from_roman(&to_roman(n)), Some(n), "{n}");
            assert_eq!(from_roman(&to_roman(n).to_lowercase()), Some(n), "{n}");
        }
        assert_eq!(to_roman(25), "XXV");
        assert_eq!(from_roman("XXIX"), Some(29));
        assert_eq!(from_roman("IIII"), None);
        assert_eq!(from_roman("VX"), None);
        assert_eq!(from_roman(""), None);
        assert_eq!(from_roman("ABC"), None);
    }
}
