/*!
"The whole internet" as an ingress source (DESIGN.md conventions): `0.0.0.0/0`, `::/0`, any set
of CIDRs that together cover every IPv4 (or every IPv6) address, the policy's source words (Azure
`*`, `Any`, `Internet`), and address ranges such as Azure SQL's 0.0.0.0–255.255.255.255.

Pure arithmetic on parsed addresses: sources are unioned as integer intervals, so
`0.0.0.0/1` + `128.0.0.0/1` is the whole internet and `0.0.0.0` alone (one host) is not.
Unparseable sources are ignored here; callers decide what an unknown source means.
*/
use std::net::{Ipv4Addr, Ipv6Addr};

/// An inclusive interval of addresses of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    V4(u32, u32),
    V6(u128, u128),
}

/// Parses `a.b.c.d/n`, `x::/n` or a bare address (one host). Host bits in a CIDR are masked
/// off, as the clouds do.
pub fn parse_cidr(s: &str) -> Option<Range> {
    let s = s.trim();
    let (addr, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (s, None),
    };
    if let Ok(v4) = addr.parse::<Ipv4Addr>() {
        let len = len.unwrap_or(32);
        if len > 32 {
            return None;
        }
        let ip = u32::from(v4);
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        return Some(Range::V4(ip & mask, (ip & mask) | !mask));
    }
    if let Ok(v6) = addr.parse::<Ipv6Addr>() {
        let len = len.unwrap_or(128);
        if len > 128 {
            return None;
        }
        let ip = u128::from(v6);
        let mask = if len == 0 {
            0
        } else {
            u128::MAX << (128 - len)
        };
        return Some(Range::V6(ip & mask, (ip & mask) | !mask));
    }
    None
}

/// An inclusive IPv4 range from two addresses (`start_ip_address`/`end_ip_address`).
pub fn parse_v4_range(start: &str, end: &str) -> Option<Range> {
    let a = u32::from(start.trim().parse::<Ipv4Addr>().ok()?);
    let b = u32::from(end.trim().parse::<Ipv4Addr>().ok()?);
    (a <= b).then_some(Range::V4(a, b))
}

/// True when the ranges together cover all of IPv4 or all of IPv6.
pub fn covers_everything(ranges: &[Range]) -> bool {
    let mut v4: Vec<(u128, u128)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    for r in ranges {
        match *r {
            Range::V4(a, b) => v4.push((a as u128, b as u128)),
            Range::V6(a, b) => v6.push((a, b)),
        }
    }
    union_covers(v4, u32::MAX as u128) || union_covers(v6, u128::MAX)
}

fn union_covers(mut spans: Vec<(u128, u128)>, max: u128) -> bool {
    spans.sort_unstable();
    // `next` is the lowest address not yet covered; `None` once everything up to `max` is.
    let mut next: Option<u128> = Some(0);
    for (a, b) in spans {
        let Some(n) = next else { break };
        if a > n {
            return false;
        }
        if b >= n {
            next = if b >= max { None } else { Some(b + 1) };
        }
    }
    next.is_none()
}

/// True when a source word (not a CIDR) means any address, per the policy's list.
pub fn is_internet_word(source: &str, words: &[String]) -> bool {
    let s = source.trim();
    words.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// True when this set of source strings (CIDRs, addresses or words) admits the whole internet.
pub fn sources_cover_internet<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    words: &[String],
) -> bool {
    let mut ranges = Vec::new();
    for s in sources {
        if is_internet_word(s, words) {
            return true;
        }
        if let Some(r) = parse_cidr(s) {
            ranges.push(r);
        }
    }
    covers_everything(&ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        crate::engine::policy::PolicyConfig::default()
            .network
            .internet_words
    }

    #[test]
    fn single_cidrs() {
        assert!(sources_cover_internet(["0.0.0.0/0"], &words()));
        assert!(sources_cover_internet(["::/0"], &words()));
        assert!(
            sources_cover_internet(["10.1.2.3/0"], &words()),
            "host bits masked"
        );
        assert!(!sources_cover_internet(["0.0.0.0"], &words()), "one host");
        assert!(!sources_cover_internet(["0.0.0.0/32"], &words()));
        assert!(!sources_cover_internet(["10.0.0.0/8"], &words()));
        assert!(!sources_cover_internet(["bogus", "1.2.3.4/33"], &words()));
    }

    #[test]
    fn unions_that_cover_everything() {
        assert!(sources_cover_internet(
            ["0.0.0.0/1", "128.0.0.0/1"],
            &words()
        ));
        assert!(sources_cover_internet(
            ["128.0.0.0/2", "0.0.0.0/1", "192.0.0.0/2"],
            &words()
        ));
        assert!(sources_cover_internet(["::/1", "8000::/1"], &words()));
        // Overlaps and duplicates are fine.
        assert!(sources_cover_internet(
            ["0.0.0.0/1", "0.0.0.0/2", "128.0.0.0/1", "128.0.0.0/1"],
            &words()
        ));
    }

    #[test]
    fn unions_with_a_gap_do_not() {
        assert!(!sources_cover_internet(
            ["0.0.0.0/1", "128.0.0.0/2"],
            &words()
        ));
        assert!(!sources_cover_internet(
            ["0.0.0.0/1", "192.0.0.0/2"],
            &words()
        ));
        assert!(
            !sources_cover_internet(["0.0.0.0/1", "::/1"], &words()),
            "families do not mix"
        );
    }

    #[test]
    fn words_and_ranges() {
        assert!(sources_cover_internet(["Internet"], &words()));
        assert!(sources_cover_internet(["ANY"], &words()));
        assert!(sources_cover_internet(["*"], &words()));
        let all = parse_v4_range("0.0.0.0", "255.255.255.255").unwrap();
        assert!(covers_everything(&[all]));
        let azure_services = parse_v4_range("0.0.0.0", "0.0.0.0").unwrap();
        assert!(!covers_everything(&[azure_services]));
        assert!(parse_v4_range("9.9.9.9", "1.1.1.1").is_none());
        let halves = [
            parse_v4_range("0.0.0.0", "127.255.255.255").unwrap(),
            parse_v4_range("128.0.0.0", "255.255.255.255").unwrap(),
        ];
        assert!(covers_everything(&halves));
    }
}
