//! Noun-phrase analysis of a request: the vocabulary tables (kinds, non-kinds, verbs) and the
//! readers that find a verb, a resource kind, a count and the qualifiers in a token range.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokens::{is_prep, is_present_participle, stem, word, word_is, Tok};
use super::vocab;
use crate::engine::catalog;
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::KINDS;

/// One vocabulary table (kinds, non-kinds, verbs), its phrases split into words once and filed
/// under their first word, so a token is compared only with the phrases that can start there.
struct Table {
    by_first: HashMap<&'static str, Vec<Entry>>,
}

struct Entry {
    /// Index into the table (kind, verb), then of the phrase within it: the order ties break in.
    order: (usize, usize),
    words: Vec<&'static str>,
}

impl Table {
    fn new<'a>(phrases: impl Iterator<Item = ((usize, usize), &'a &'static str)>) -> Table {
        let mut by_first: HashMap<&'static str, Vec<Entry>> = HashMap::new();
        for (order, phrase) in phrases {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            let first = words.first().copied().unwrap_or("");
            by_first
                .entry(first)
                .or_default()
                .push(Entry { order, words });
        }
        Table { by_first }
    }

    /// The entries filed under any of `keys` (the spellings a token may stand for).
    fn candidates<'t>(
        &'t self,
        keys: &'t [Option<Cow<'t, str>>],
    ) -> impl Iterator<Item = &'t Entry> + 't {
        keys.iter()
            .flatten()
            .filter_map(|k| self.by_first.get(k.as_ref()))
            .flatten()
    }
}

fn kind_table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        Table::new(KINDS.iter().enumerate().flat_map(|(ki, k)| {
            k.phrases
                .iter()
                .enumerate()
                .map(move |(pi, p)| ((ki, pi), p))
        }))
    })
}

fn not_kind_table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        Table::new(
            vocab::NOT_KINDS
                .iter()
                .enumerate()
                .map(|(i, p)| ((i, 0), p)),
        )
    })
}

fn verb_table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        Table::new(
            vocab::VERBS
                .iter()
                .enumerate()
                .map(|(i, v)| ((i, 0), &v.phrase)),
        )
    })
}

/// Every phrase word `p` with `word_is(t, p)`: `t` itself, or `t` less a plural ending.
fn singulars(t: &str) -> [Option<Cow<'_, str>>; 4] {
    let n = t.len();
    [
        Some(Cow::Borrowed(t)),
        t.strip_suffix('s').filter(|_| n > 1).map(Cow::Borrowed),
        t.strip_suffix("es").filter(|_| n > 2).map(Cow::Borrowed),
        t.strip_suffix("ies")
            .filter(|_| n > 3)
            .map(|stem| Cow::Owned(format!("{stem}y"))),
    ]
}

/// Length in tokens of the phrase `words` at position `i`, if it matches there.
fn words_at(toks: &[Tok], i: usize, words: &[&str]) -> Option<usize> {
    for (n, p) in words.iter().enumerate() {
        if !word_is(word(toks, i + n)?, p) {
            return None;
        }
    }
    Some(words.len())
}

/// Longest first; among equally long, the earliest in the table.
fn better(best: Option<((usize, usize), usize)>, order: (usize, usize), n: usize) -> bool {
    best.map_or(true, |(bo, bn)| n > bn || (n == bn && order < bo))
}

/// The longest verb at `i`: (index into VERBS, length).
pub(super) fn verb_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    // Verbs match only as written or with -s; "updates" yes, "updated" no (that is an adjective).
    let t = word(toks, i)?;
    // "Microsoft is retiring the v2 tier": what someone else is doing is the reason for the
    // request, not its ask.
    if t.ends_with("ing")
        && i.checked_sub(1)
            .and_then(|p| word(toks, p))
            .is_some_and(|p| matches!(p, "is" | "was"))
    {
        return None;
    }
    if guard_against_the_act(toks, i)
        || change_management_noun(toks, i)
        || set_of_things(toks, i)
        || kind_of_access_denied(toks, i)
        || what_others_do(toks, i)
    {
        return None;
    }
    // "we need to have a dashboard", "and to have one dashboard": "to have" a counted thing
    // wants it, as "to get" does. Without "to" ("we have a bucket") it says what is there, and
    // "to have versioning on" says how a thing is to be.
    let previous = i.checked_sub(1).and_then(|p| word(toks, p));
    let counted_next = match toks.get(i + 1) {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => vocab::count_word(w).is_some(),
        _ => false,
    };
    if t == "have" && previous == Some("to") && counted_next {
        return vocab::VERBS
            .iter()
            .position(|v| v.phrase == "get")
            .map(|vi| (vi, 1));
    }
    let keys = [
        Some(Cow::Borrowed(t)),
        t.strip_suffix('s').map(Cow::Borrowed),
    ];
    let mut best: Option<((usize, usize), usize)> = None;
    for e in verb_table().candidates(&keys) {
        let rest = e.words.get(1..).unwrap_or(&[]);
        let ok = rest
            .iter()
            .enumerate()
            .all(|(k, p)| word(toks, i + 1 + k) == Some(p));
        if ok && better(best, e.order, e.words.len()) {
            best = Some((e.order, e.words.len()));
        }
    }
    best.map(|((vi, _), n)| (vi, n))
}

/// "purge protection on", "delete protection": a guard against the act is a setting of the
/// thing guarded, not the act.
pub(super) fn guard_against_the_act(toks: &[Tok], i: usize) -> bool {
    matches!(word(toks, i + 1), Some("protection" | "protections"))
}

/// "they build reports from it", "the analysts who build dashboards": what other people do (a
/// subject right before the verb, no modal between) says who they are or why they need the
/// thing. What they are to get is asked with "they need …", "they should get …".
fn what_others_do(toks: &[Tok], i: usize) -> bool {
    let wanting = word(toks, i).is_some_and(|t| {
        let t = t.strip_suffix('s').unwrap_or(t);
        vocab::WANTING.contains(&t) || matches!(t, "get" | "need" | "want" | "require" | "ha")
    });
    let mut j = i;
    while let Some(p) = j.checked_sub(1) {
        match word(toks, p) {
            Some(
                "only" | "just" | "also" | "mostly" | "mainly" | "usually" | "often" | "always",
            ) => j = p,
            Some("they" | "he" | "she" | "who") => return !wanting,
            _ => return false,
        }
    }
    false
}

/// "No write or delete permissions", "without delete access": after "no", a word for an action
/// before a word for a right names the kind of right there is to be none of. It is no verb.
fn kind_of_access_denied(toks: &[Tok], i: usize) -> bool {
    let right_follows = word(toks, i + 1).is_some_and(|n| {
        matches!(
            n,
            "permission" | "permissions" | "access" | "rights" | "privileges" | "actions"
        )
    });
    let denied = |j: Option<usize>| {
        j.and_then(|j| word(toks, j))
            .is_some_and(|w| matches!(w, "no" | "without"))
    };
    // "no delete permissions", "no write or delete permissions", "no read, write or delete".
    let after_no = denied(i.checked_sub(1))
        || (matches!(
            i.checked_sub(1).and_then(|p| word(toks, p)),
            Some("or" | "and" | "nor")
        ) && (2..=4).any(|k| denied(i.checked_sub(k))));
    right_follows && after_no
}

/// "a three-member replica set", "the VM scale set", "a DNS record set": "set" after a word for
/// what it holds is the noun of a thing, no verb.
pub(super) fn set_of_things(toks: &[Tok], i: usize) -> bool {
    matches!(word(toks, i), Some("set" | "sets"))
        && i.checked_sub(1)
            .and_then(|p| word(toks, p))
            .is_some_and(|p| {
                matches!(
                    p,
                    "replica" | "scale" | "record" | "rule" | "data" | "stack" | "node" | "ip"
                )
            })
}

/// "Change ticket is CHG-20931", "the change window", "under change CHG-40917": "change"
/// opening a compound noun of change management, or after a preposition or an article, is the
/// noun, no verb.
pub(super) fn change_management_noun(toks: &[Tok], i: usize) -> bool {
    let after_a_determiner = i
        .checked_sub(1)
        .and_then(|p| word(toks, p))
        .is_some_and(|p| {
            matches!(
                p,
                "under" | "per" | "via" | "with" | "the" | "this" | "that" | "a" | "our" | "my"
            )
        });
    word(toks, i) == Some("change")
        && (after_a_determiner
            || word(toks, i + 1).is_some_and(|n| {
                matches!(
                    n,
                    "ticket"
                        | "tickets"
                        | "window"
                        | "ref"
                        | "freeze"
                        | "board"
                        | "advisory"
                        | "management"
                        | "control"
                )
            }))
}

/// The kinds a one-word phrase names, by the word's stem ("repo" and "repository" name the
/// same kind). Built once, not per change.
pub(super) fn kinds_of_word(stemmed: &str) -> &'static [usize] {
    static KINDS_OF_WORD: OnceLock<HashMap<String, Vec<usize>>> = OnceLock::new();
    let map = KINDS_OF_WORD.get_or_init(|| {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in KINDS.iter().enumerate() {
            for p in k.phrases.iter().filter(|p| !p.contains(' ')) {
                let kinds = map.entry(stem(p)).or_default();
                if !kinds.contains(&i) {
                    kinds.push(i);
                }
            }
        }
        map
    });
    map.get(stemmed).map(Vec::as_slice).unwrap_or(&[])
}

/// The longest kind phrase at `i`: (kind index, length).
pub(super) fn kind_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let keys = singulars(word(toks, i)?);
    let mut best: Option<((usize, usize), usize)> = None;
    for e in kind_table().candidates(&keys) {
        if let Some(n) = words_at(toks, i, &e.words) {
            if better(best, e.order, n) {
                best = Some((e.order, n));
            }
        }
    }
    best.map(|((ki, _), n)| (ki, n))
}

pub(super) fn not_kind_at(toks: &[Tok], i: usize) -> Option<usize> {
    let keys = singulars(word(toks, i)?);
    not_kind_table()
        .candidates(&keys)
        .filter_map(|e| words_at(toks, i, &e.words))
        .max()
}

pub(super) fn is_unit(t: Option<&Tok>) -> bool {
    match t {
        Some(Tok::Word(w)) => vocab::UNITS.contains(&w.as_str()),
        _ => false,
    }
}

/// A measure at `i`: a number, in digits or words, and a unit ("180 seconds", "one day").
/// "3x" is a multiple of what is there, not a measure.
pub(super) fn measure_at(toks: &[Tok], i: usize) -> bool {
    let number = matches!(toks.get(i), Some(Tok::Num(_)))
        || word(toks, i).is_some_and(|w| vocab::count_word(w).is_some());
    number && is_unit(toks.get(i + 1)) && word(toks, i + 1) != Some("x")
}

pub(super) fn starts_np(toks: &[Tok], i: usize) -> bool {
    match toks.get(i) {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => {
            vocab::count_word(w).is_some()
                || matches!(w.as_str(), "the" | "some" | "all" | "our" | "both" | "each")
        }
        _ => false,
    }
}

/// What a noun phrase (token range) says.
pub(super) struct Np {
    pub(super) kind: Option<usize>,
    pub(super) count: Option<u32>,
    pub(super) qualifiers: Vec<String>,
    pub(super) phrase: String,
}

/// The kind phrases in a token range, as (kind, position), and which tokens they cover.
pub(super) fn np_kinds(toks: &[Tok], start: usize, end: usize) -> (Vec<(usize, usize)>, Vec<bool>) {
    let mut kinds: Vec<(usize, usize)> = Vec::new();
    let mut covered = vec![false; end.saturating_sub(start)];
    let mut i = start;
    while i < end {
        if let Some(n) = not_kind_at(toks, i) {
            i += n;
            continue;
        }
        // "can we host the handbook", "they queue the jobs": right after a subject pronoun, a
        // word for a kind of thing is the verb.
        if i > 0 && matches!(word(toks, i - 1), Some("we" | "you" | "they" | "i")) {
            i += 1;
            continue;
        }
        if let Some((k, n)) = kind_at(toks, i) {
            if i + n <= end {
                kinds.push((k, i));
                for c in covered.iter_mut().skip(i - start).take(n) {
                    *c = true;
                }
                i += n;
                continue;
            }
        }
        i += 1;
    }
    (kinds, covered)
}

pub(super) fn analyse_np(toks: &[Tok], start: usize, end: usize) -> Np {
    let (kinds, covered) = np_kinds(toks, start, end);
    let all_kinds = kinds.clone();
    // The head of a phrase is its last kind word, except that a weak head ("instance",
    // "cluster") right after a strong kind word yields to it: "an RDS instance" is a database,
    // "a Redis cluster" a cache, but "queue consumer workers" are workers.
    let is_weak = |k: usize| KINDS.get(k).is_some_and(|k| k.weak);
    let product = |pos: usize| {
        word(toks, pos).is_some_and(|w| !super::products::named_in(&[w.to_string()]).is_empty())
    };
    // "the default node pool of the dev cluster", "a new nodepool called gpu", "a topic named
    // audit-queue": what follows "of" is the owner, and what follows a naming word is the
    // thing's name, whatever kind its words suggest; the head comes before.
    let cut_at = (start..end).find(|&j| {
        matches!(word(toks, j), Some("of" | "called" | "named"))
            && kinds.iter().any(|(_, pos)| *pos < j)
    });
    let kinds: Vec<(usize, usize)> = match cut_at {
        Some(q) => kinds.into_iter().filter(|(_, pos)| *pos < q).collect(),
        None => kinds,
    };
    // "a lambda consuming the existing orders queue", "a Key Vault that the workloads read
    // secrets from": what follows a participle or a relative word describes the thing before
    // it, so the head comes before.
    // "a container registry the cluster can pull images from": a clause with its own subject
    // and a modal verb, with no relative word, describes the thing before it too.
    let modal_clause_at = |j: usize| {
        matches!(
            word(toks, j),
            Some("the" | "a" | "an" | "its" | "their" | "our" | "your" | "my")
        ) && (j + 1..end.min(j + 5)).any(|k| {
            matches!(
                word(toks, k),
                Some("can" | "could" | "will" | "would" | "should" | "may" | "might" | "must")
            )
        })
    };
    let modifier_at = (start..end).find(|&j| {
        kinds.iter().any(|(_, pos)| *pos < j)
            && covered.get(j - start) == Some(&false)
            && (word(toks, j).is_some_and(|w| {
                matches!(w, "that" | "which" | "who" | "whose") || is_present_participle(w)
            }) || modal_clause_at(j))
            && j + 1 < end
    });
    let kinds: Vec<(usize, usize)> = match modifier_at {
        Some(m) => kinds.into_iter().filter(|(_, pos)| *pos < m).collect(),
        None => kinds,
    };
    let chosen = match kinds.as_slice() {
        [.., (prev, prev_pos), (last, last_pos)] if is_weak(*last) && !is_weak(*prev) => {
            let adjacent =
                (*prev_pos + 1..*last_pos).all(|j| covered.get(j - start) == Some(&true));
            // A product name decides ("a PostgreSQL flexible server" is a database).
            if adjacent || product(*prev_pos) {
                Some((*prev, *prev_pos))
            } else {
                Some((*last, *last_pos))
            }
        }
        [.., last] => Some(*last),
        [] => None,
    };
    // "IAM auth", "sasl/iam", "IAM database authentication": how clients prove who they are is
    // a setting of the thing they connect to, not a permission granted to anyone.
    let authentication = (start..end).any(|j| {
        matches!(
            word(toks, j),
            Some("auth" | "authn" | "authentication" | "sasl" | "mtls")
        )
    });
    let grant_word = (start..end).any(|j| {
        word(toks, j).is_some_and(|w| {
            matches!(
                stem(w).as_str(),
                "role" | "policy" | "permission" | "access" | "grant" | "binding" | "user"
            )
        })
    });
    let chosen = chosen.filter(|(k, _)| {
        !(authentication && !grant_word && KINDS.get(*k).is_some_and(|k| k.category == cat::IAM))
    });
    let count = chosen.and_then(|(_, pos)| {
        // "a 3-node cluster" is one cluster of three nodes: a number before a member word that
        // is not the phrase's own kind counts members, not the thing.
        let counts_members = |j: usize| j + 1 != pos && is_member_word(word(toks, j + 1));
        (start..pos).rev().find_map(|j| match toks.get(j) {
            Some(Tok::Num(n))
                if *n > 0 && *n <= 1000 && !is_unit(toks.get(j + 1)) && !counts_members(j) =>
            {
                u32::try_from(*n).ok()
            }
            Some(Tok::Word(w)) if !counts_members(j) => vocab::count_word(w),
            _ => None,
        })
    });
    // A phrase naming no known kind ("a PagerDuty service") still says how many.
    let count = count.or_else(|| {
        if chosen.is_some() {
            return None;
        }
        (start..end).find_map(|j| match toks.get(j) {
            Some(Tok::Num(n)) if *n > 0 && *n <= 1000 && !is_unit(toks.get(j + 1)) => {
                u32::try_from(*n).ok()
            }
            // "a pair of", "a dozen": the article belongs to the number word after it.
            Some(Tok::Word(w))
                if matches!(w.as_str(), "a" | "an")
                    && word(toks, j + 1).is_some_and(|n| vocab::count_word(n).is_some()) =>
            {
                None
            }
            Some(Tok::Word(w)) => vocab::count_word(w),
            _ => None,
        })
    });
    // A countable thing named in the singular with no number is one ("create the S3 bucket for
    // the exports", "new topic orders.v1"); a plural or a quantifier says nothing.
    let count = count.or_else(|| {
        let (k, pos) = chosen?;
        let kind = KINDS.get(k)?;
        if !catalog::kind_has_types(kind) {
            return None;
        }
        let mut head = pos;
        while covered.get(head + 1 - start) == Some(&true) && head + 1 < end {
            head += 1;
        }
        let head_word = word(toks, head)?;
        let plural = head_word.len() > 3 && head_word.ends_with('s') && !head_word.ends_with("ss");
        let quantified = (start..pos).any(|j| {
            matches!(
                word(toks, j),
                Some(
                    "some"
                        | "all"
                        | "any"
                        | "several"
                        | "multiple"
                        | "few"
                        | "many"
                        | "more"
                        | "extra"
                        | "additional"
                        | "each"
                        | "every"
                        | "both"
                        | "those"
                        | "these"
                )
            )
        });
        (!plural && !quantified).then_some(1)
    });
    let mut qualifiers = Vec::new();
    // "disk monitors", "vpc flow logs": a word for a thing of another category right before the
    // head says which one of the head's kind it is, as a name does.
    if let Some((k, pos)) = chosen {
        let category = KINDS.get(k).map(|k| k.category);
        let before = all_kinds
            .iter()
            .find(|(_, p)| kind_at(toks, *p).is_some_and(|(_, n)| p + n == pos));
        if let Some((other, p)) = before {
            let one_word = kind_at(toks, *p).is_some_and(|(_, n)| n == 1);
            if one_word && KINDS.get(*other).map(|k| k.category) != category {
                if let Some(w) = word(toks, *p) {
                    qualifiers.push(stem(w));
                }
            }
        }
    }
    let mut phrase = String::new();
    // Words after the participle name what the thing acts on, not the thing: they are neither
    // its name nor its phrase.
    let own_end = modifier_at.unwrap_or(end);
    for (off, j) in (start..own_end).enumerate() {
        match toks.get(j) {
            Some(Tok::Word(w)) => {
                if phrase.len() < 120 {
                    if !phrase.is_empty() {
                        phrase.push(' ');
                    }
                    phrase.push_str(w);
                }
                let kind_word = covered.get(off).copied().unwrap_or(false);
                if !kind_word
                    && vocab::env_of_word(w).is_none()
                    && !vocab::NON_DISCRIMINATING.contains(&w.as_str())
                    && !is_prep(w)
                    && w.len() > 1
                {
                    qualifiers.push(stem(w));
                }
            }
            Some(Tok::Num(n)) if phrase.len() < 120 => {
                if !phrase.is_empty() {
                    phrase.push(' ');
                }
                phrase.push_str(&n.to_string());
            }
            // "batch-node-08": a name's serial, as written, is part of the phrase that names it.
            Some(Tok::Named(serial))
                if phrase.len() < 120 && serial.bytes().all(|b| b.is_ascii_digit()) =>
            {
                if !phrase.is_empty() {
                    phrase.push(' ');
                }
                phrase.push_str(serial);
            }
            _ => {}
        }
    }
    add_expansions(&phrase, &mut qualifiers);
    qualifiers.sort();
    qualifiers.dedup();
    Np {
        kind: chosen.map(|(k, _)| k),
        count,
        qualifiers,
        phrase,
    }
}

/// "machine learning" in a request is `ml` in a resource name.
pub(super) fn add_expansions(text: &str, out: &mut Vec<String>) {
    for (long, short) in vocab::EXPANSIONS {
        if has_words(text, long) {
            out.push((*short).to_string());
        }
    }
}

/// `text` (words joined by single spaces) holds the words of `phrase`, the last one possibly
/// with a plural `s`.
pub(super) fn has_words(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find(phrase)) {
        let a = from + pos;
        let end = a + phrase.len();
        let left = a == 0 || bytes.get(a - 1) == Some(&b' ');
        let rest = text.get(end..).unwrap_or("");
        let right =
            rest.is_empty() || rest.starts_with(' ') || rest == "s" || rest.starts_with("s ");
        if left && right {
            return true;
        }
        from = a + text
            .get(a..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
    }
    false
}

/// End of a noun phrase starting at `i`: the next separator, preposition or coordination.
/// `of` continues a phrase that has no kind yet ("the size of the cache").
pub(super) fn np_end(toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    while let Some(t) = toks.get(j) {
        match t {
            Tok::Sep => break,
            Tok::Word(w) => {
                if matches!(w.as_str(), "and" | "or" | "plus" | "then" | "also") {
                    break;
                }
                // "we need in staging a pubsub topic", "create in staging one queue": an
                // environment ends the place, and the article or count after it opens the thing
                // asked.
                if (matches!(w.as_str(), "a" | "an") || vocab::count_word(w).is_some())
                    && after_an_environment(toks, i, j)
                {
                    break;
                }
                // "its files out of the shared bucket": where they come from, as "from" says.
                if w == "out" && j > i && word(toks, j + 1) == Some("of") {
                    break;
                }
                if w == "for" && j > i && for_names_the_engine(toks, i, j) {
                    j += 1;
                    continue;
                }
                if is_prep(w) {
                    let no_kind_yet = np_kinds(toks, i, j).0.is_empty();
                    if !(w == "of" && no_kind_yet) {
                        break;
                    }
                }
            }
            Tok::Num(_) if after_an_environment(toks, i, j) => break,
            _ => {}
        }
        j += 1;
    }
    j
}

/// The word before `j`, inside the stretch that starts at `i`, names an environment.
pub(super) fn after_an_environment(toks: &[Tok], i: usize, j: usize) -> bool {
    j > i && word(toks, j - 1).is_some_and(|p| vocab::env_of_word(p).is_some())
}

/// "ApsaraDB for Redis", "Azure Database for PostgreSQL", "Memorystore for Redis": a service
/// named for the engine it runs. The engine after "for" (at `j`) is part of the name when the
/// words before it name nothing of another category: "a bucket for Postgres backups" is a
/// bucket, and "a VM for Redis" a machine.
fn for_names_the_engine(toks: &[Tok], i: usize, j: usize) -> bool {
    let Some(engine) = word(toks, j + 1) else {
        return false;
    };
    if super::products::named_in(&[engine.to_string()]).is_empty() {
        return false;
    }
    let engine_categories: Vec<&str> = kinds_of_word(&stem(engine))
        .iter()
        .filter_map(|k| KINDS.get(*k))
        .map(|k| k.category)
        .collect();
    if engine_categories.is_empty() {
        return false;
    }
    np_kinds(toks, i, j).0.iter().all(|(k, _)| {
        KINDS
            .get(*k)
            .is_some_and(|k| engine_categories.contains(&k.category))
    })
}

pub(super) fn is_member_word(w: Option<&str>) -> bool {
    w.is_some_and(|w| vocab::member_of_word(w).is_some())
}

/// A word that may be listed as a name or a modifier: no preposition, clause leader, article,
/// environment, count or verb.
fn plain_listed_word(toks: &[Tok], i: usize) -> bool {
    word(toks, i).is_some_and(|w| {
        w.len() >= 2
            && !is_prep(w)
            && !vocab::CLAUSE_LEADERS.contains(&w)
            && !matches!(
                w,
                "a" | "an" | "the" | "and" | "or" | "new" | "more" | "other" | "all" | "both"
            )
            && vocab::env_of_word(w).is_none()
            && vocab::count_word(w).is_none()
    }) && verb_at(toks, i).is_none()
}

/// A word for a kind of thing the catalog has types for ("monitor", "subscriptions").
fn typed_head_at(toks: &[Tok], i: usize) -> bool {
    word(toks, i).is_some_and(|w| {
        kinds_of_word(&stem(w)).iter().any(|k| {
            KINDS
                .get(*k)
                .is_some_and(|k| !k.weak && catalog::kind_has_types(k))
        })
    })
}

/// A plural word for a kind of thing the catalog has types for ("monitors", "subscriptions").
fn plural_typed_head_at(toks: &[Tok], i: usize) -> bool {
    word(toks, i).is_some_and(|w| w.len() > stem(w).len()) && typed_head_at(toks, i)
}

/// A listed word that may be (part of) a thing's name: plain, and naming no kind.
fn listed_name_word(toks: &[Tok], i: usize) -> bool {
    plain_listed_word(toks, i)
        && word(toks, i).is_some_and(|w| {
            w.chars().all(|c| c.is_ascii_alphanumeric()) && kinds_of_word(&stem(w)).is_empty()
        })
}

/// A run of name words from `i`: where it ends, when it has one to three words.
fn name_run_from(toks: &[Tok], i: usize) -> Option<usize> {
    let end = (i..toks.len().min(i + 4))
        .find(|&j| !listed_name_word(toks, j))
        .unwrap_or(toks.len().min(i + 4));
    (end > i && end - i <= 3).then_some(end)
}

/// "subscriptions billing-sync + ledger-sync", "buckets raw, curated and archive": a plural word
/// for a kind of thing followed by a list of names is one thing of that kind per name. The head
/// is repeated before each later name ("subscriptions billing sync and subscriptions ledger
/// sync"), so each is asked by its own name and one missing from the plan is missed.
pub(super) fn distribute_leading_heads(toks: Vec<Tok>) -> Vec<Tok> {
    let run_from = |i: usize| name_run_from(&toks, i);
    let mut inserts: Vec<(usize, usize)> = Vec::new();
    for h in 0..toks.len() {
        if !plural_typed_head_at(&toks, h) {
            continue;
        }
        let Some(mut end) = run_from(h + 1) else {
            continue;
        };
        let mut later = Vec::new();
        // ", curated and archive": commas and a last "and" go on with the list.
        loop {
            let joined = match toks.get(end) {
                Some(Tok::Sep) => word(&toks, end + 1) != Some("and"),
                Some(Tok::Word(w)) => w == "and",
                _ => false,
            };
            let start = if toks.get(end) == Some(&Tok::Sep) && word(&toks, end + 1) == Some("and") {
                end + 2
            } else {
                end + 1
            };
            if !joined && start != end + 2 {
                break;
            }
            let Some(next_end) = run_from(start) else {
                break;
            };
            // The list ends with its clause: a name must not lead into more words of a phrase.
            later.push(start);
            end = next_end;
        }
        let ends_clause =
            matches!(toks.get(end), None | Some(Tok::Sep)) || word(&toks, end).is_some_and(is_prep);
        if !later.is_empty() && ends_clause {
            for at in later {
                if inserts.len() < 16 {
                    inserts.push((at, h));
                }
            }
        }
    }
    with_heads_copied(toks, &inserts, Side::Before)
}

/// "one pull subscription for each of them (billing-sync and ledger-sync)", "a queue each for
/// intake and scoring": one thing of a kind for each name listed after "each" is one thing per
/// name. The phrase is rewritten as "pull subscription billing sync and pull subscription ledger
/// sync", so each is asked by its own name, and one missing from the plan is missed.
pub(super) fn distribute_each_over_names(mut toks: Vec<Tok>) -> Vec<Tok> {
    for _ in 0..4 {
        match each_over_names_once(&toks) {
            Some(rewritten) => toks = rewritten,
            None => break,
        }
    }
    toks
}

fn each_over_names_once(toks: &[Tok]) -> Option<Vec<Tok>> {
    let name_word = |i: usize| listed_name_word(toks, i);
    let run_from = |i: usize| name_run_from(toks, i);
    let typed_head = |i: usize| typed_head_at(toks, i);
    for e in 0..toks.len() {
        if word(toks, e) != Some("each") {
            continue;
        }
        // The head just before "each": "a subscription each", "one queue for each".
        let Some(h) = (e.saturating_sub(2)..e)
            .rev()
            .find(|&h| typed_head(h))
            .filter(|&h| (h + 1..e).all(|j| matches!(word(toks, j), Some("for" | "per"))))
        else {
            continue;
        };
        // Its modifiers ("pull"), after the count or article that starts the phrase.
        let mut first = h;
        while first > 0 && h - first < 2 && name_word(first - 1) {
            first -= 1;
        }
        let phrase_start = match word(toks, first.wrapping_sub(1)) {
            Some("a" | "an" | "one" | "single") => first - 1,
            _ => first,
        };
        // "of them", "for", "of the": words that lead to the names.
        let mut start = e + 1;
        while start < toks.len().min(e + 4)
            && matches!(
                word(toks, start),
                Some("of" | "them" | "for" | "the" | "these" | "those")
            )
        {
            start += 1;
        }
        let mut names: Vec<(usize, usize)> = Vec::new();
        let mut at = start;
        while let Some(end) = run_from(at) {
            names.push((at, end));
            // ", b and c": commas and a last "and" go on with the list.
            at = match (toks.get(end), word(toks, end + 1)) {
                (Some(Tok::Sep), Some("and")) => end + 2,
                (Some(Tok::Sep), _) => end + 1,
                (Some(Tok::Word(w)), _) if w == "and" => end + 1,
                _ => end,
            };
            if at == end || names.len() >= 8 {
                break;
            }
        }
        let Some(&(_, last_end)) = names.last() else {
            continue;
        };
        let ends_clause = matches!(toks.get(last_end), None | Some(Tok::Sep))
            || word(toks, last_end).is_some_and(is_prep);
        if names.len() < 2 || !ends_clause {
            continue;
        }
        let described = &toks[first..=h];
        let mut out = Vec::with_capacity(toks.len() + names.len() * described.len());
        out.extend_from_slice(&toks[..phrase_start]);
        for (n, (from, to)) in names.iter().enumerate() {
            if n > 0 {
                out.push(Tok::Word("and".into()));
            }
            // Each copy is one thing of its own, as the article says.
            if phrase_start < first {
                out.push(Tok::Word("a".into()));
            }
            out.extend_from_slice(described);
            out.extend_from_slice(&toks[*from..*to]);
        }
        out.extend_from_slice(&toks[last_end..]);
        return Some(out);
    }
    None
}

/// Which side of a listed word a copied head goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// The tokens with a copy of the head at `h` put beside the word at `at`, for each `(at, h)`.
fn with_heads_copied(toks: Vec<Tok>, copies: &[(usize, usize)], side: Side) -> Vec<Tok> {
    if copies.is_empty() {
        return toks;
    }
    let mut out = Vec::with_capacity(toks.len() + copies.len());
    for (i, t) in toks.iter().enumerate() {
        if side == Side::After {
            out.push(t.clone());
        }
        for (_, h) in copies.iter().filter(|(at, _)| *at == i) {
            if let Some(head) = toks.get(*h) {
                out.push(head.clone());
            }
        }
        if side == Side::Before {
            out.push(t.clone());
        }
    }
    out
}

/// "cpu, mem and disk monitors", "web and worker queues": bare words listed before a plural word
/// for a kind of thing share that word, one thing each. The tokens are rewritten as "cpu
/// monitors, mem monitors and disk monitors", so each is asked by its own name. A listed word
/// that names a kind, a place or an act of its own ("a bucket and alert monitors", "staging and
/// prod") keeps its own reading.
pub(super) fn distribute_shared_heads(toks: Vec<Tok>) -> Vec<Tok> {
    let bare = |i: usize| {
        plain_listed_word(&toks, i)
            && word(&toks, i).is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
    };
    let plural_typed_head = |i: usize| plural_typed_head_at(&toks, i);
    // Where to put a copy of a head: after each listed word but the last.
    let mut copies: Vec<(usize, usize)> = Vec::new();
    for h in 3..toks.len() {
        if !plural_typed_head(h)
            || !bare(h - 1)
            || !matches!(word(&toks, h - 2), Some("and" | "or"))
        {
            continue;
        }
        let mut listed = Vec::new();
        let mut p = h - 3;
        // "a bucket and alert monitors": one thing, then things of the head's kind.
        loop {
            if !bare(p) {
                break;
            }
            listed.push(p);
            // ", mem and disk": a comma before it goes on with the list.
            if p >= 2 && toks.get(p - 1) == Some(&Tok::Sep) && bare(p - 2) {
                p -= 2;
            } else {
                break;
            }
        }
        let first = listed.last().copied().unwrap_or(h);
        let one_thing_first = first
            .checked_sub(1)
            .and_then(|b| word(&toks, b))
            .is_some_and(|b| matches!(b, "a" | "an" | "one" | "another" | "single"));
        if one_thing_first {
            continue;
        }
        for at in listed {
            if copies.len() < 16 {
                copies.push((at, h));
            }
        }
    }
    with_heads_copied(toks, &copies, Side::After)
}
