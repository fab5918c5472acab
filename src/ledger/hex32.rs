/*!
32-byte hashes as 64 lowercase hex digits in JSON (`#[serde(with = "hex32")]`), and lists of them
(`hex32::list`): the one hex form of entries, reports, snapshots and proofs.
*/
use serde::{Deserialize, Deserializer, Serializer};

/// Most hashes a proof list may hold: a proof about any tree this ledger can hold (fewer than
/// 2^64 entries) has fewer, so a longer list is refused before it is decoded.
const MAX_LIST: usize = 128;

pub fn serialize<S: Serializer>(h: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(h))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).map_err(serde::de::Error::custom)
}

pub fn parse(s: &str) -> Result<[u8; 32], String> {
    let mut out = [0u8; 32];
    if s.len() != 64 || s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("expected 64 lowercase hex digits".into());
    }
    hex::decode_to_slice(s, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

pub mod list {
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[[u8; 32]], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for h in v {
            seq.serialize_element(&hex::encode(h))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u8; 32]>, D::Error> {
        let v: Vec<String> = Vec::deserialize(d)?;
        if v.len() > super::MAX_LIST {
            return Err(serde::de::Error::custom(format!(
                "proof has more than {} hashes",
                super::MAX_LIST
            )));
        }
        v.iter()
            .map(|s| super::parse(s).map_err(serde::de::Error::custom))
            .collect()
    }
}
