/*!
Canonical JSON: the one byte encoding of every document the station signs or hashes (verdicts,
rejection receipts, approvals made by `approval sign`, ledger entry bodies).

Rules: object keys sorted recursively by their UTF-8 bytes (= code point order), no insignificant
whitespace, strings escaped the way `serde_json` does (only `"`, `\` and control characters;
everything else is raw UTF-8), integers as integers, finite floats in `serde_json`'s shortest
round-trip form, non-finite floats refused (plain `serde_json` would silently write `null`),
duplicate keys refused, nesting capped at [`MAX_DEPTH`].

`serde_json` here is built with `preserve_order`, so its maps keep insertion order: this module is
a serde `Serializer` of its own that buffers each object's entries and sorts them, instead of
relying on `serde_json::Value`'s map order. Pure: no files, no keys.
*/
use serde::ser::{self, Serialize};

/// Deepest nesting of arrays/objects we encode or accept.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error("a number is NaN or infinite, which JSON cannot carry")]
    NonFiniteFloat,
    #[error("an object key is not a string")]
    NonStringKey,
    #[error("an object has the key {0:?} twice")]
    DuplicateKey(String),
    #[error("nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("document is larger than {0} bytes")]
    TooLarge(usize),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("JSON is valid but not in canonical form (sorted keys, no whitespace)")]
    NotCanonical,
    #[error("{0:?} is not an RFC 3339 UTC timestamp (like 2026-11-26T09:30:00Z)")]
    BadTime(String),
    #[error("{0:?} must be an RFC 3339 UTC timestamp ending in 'Z' (like 2026-11-26T09:30:00Z)")]
    NotZulu(String),
    #[error("{0}")]
    Custom(String),
}

impl ser::Error for CanonicalError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CanonicalError::Custom(msg.to_string())
    }
}

/// Encodes any serializable value canonically.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::new();
    value.serialize(Canon {
        out: &mut out,
        depth: 0,
    })?;
    Ok(out)
}

/// Encodes canonically and returns a `String` (canonical JSON is always UTF-8).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, CanonicalError> {
    String::from_utf8(to_vec(value)?).map_err(|e| CanonicalError::Custom(e.to_string()))
}

/// Parses `bytes` (at most `max_len`) as JSON and requires it to be exactly its own canonical
/// encoding: no whitespace, sorted keys, no duplicate keys, no trailing bytes.
pub fn parse_canonical(bytes: &[u8], max_len: usize) -> Result<serde_json::Value, CanonicalError> {
    if bytes.len() > max_len {
        return Err(CanonicalError::TooLarge(max_len));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| CanonicalError::Json(e.to_string()))?;
    // Duplicate keys collapse in `Value`, sorting and whitespace change the bytes: any of these
    // makes the re-encoding differ from the input.
    if to_vec(&value)? != bytes {
        return Err(CanonicalError::NotCanonical);
    }
    Ok(value)
}

/// The first key that appears twice in one object anywhere in the JSON text `bytes` (UTF-8, an
/// optional BOM, or UTF-16 with a BOM), at any depth. `serde_json::Value` keeps the last of two
/// equal keys, so a document read into a `Value` must be checked with this first: two readers
/// could otherwise see two different documents. Returns `None` for text that is not JSON at all
/// or nests deeper than serde_json's limit (the caller's own parse reports those).
pub fn find_duplicate_key(bytes: &[u8]) -> Option<String> {
    use serde::de::Deserialize as _;
    let text: std::borrow::Cow<'_, str> =
        if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            std::borrow::Cow::Borrowed(std::str::from_utf8(rest).ok()?)
        } else if let Some(rest) = bytes
            .strip_prefix(&[0xFF, 0xFE])
            .map(|r| (r, true))
            .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]).map(|r| (r, false)))
        {
            let (rest, le) = rest;
            let units = rest.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            std::borrow::Cow::Owned(
                char::decode_utf16(units)
                    .collect::<Result<String, _>>()
                    .ok()?,
            )
        } else {
            std::borrow::Cow::Borrowed(std::str::from_utf8(bytes).ok()?)
        };
    let mut de = serde_json::Deserializer::from_str(&text);
    match NoDuplicates::deserialize(&mut de) {
        Ok(_) => None,
        Err(e) => {
            let msg = e.to_string();
            msg.strip_prefix(DUPLICATE_MARK)
                .and_then(|rest| rest.split('\u{0}').next())
                .map(str::to_string)
        }
    }
}

/// Prefix of the error [`NoDuplicates`] raises, so it can be told apart from a syntax error.
const DUPLICATE_MARK: &str = "\u{0}duplicate key\u{0}";

/// A JSON value walked only to find repeated object keys (nothing is kept but the keys of the
/// object being read).
struct NoDuplicates;

impl<'de> serde::de::Deserialize<'de> for NoDuplicates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicatesVisitor)
    }
}

struct NoDuplicatesVisitor;

impl<'de> serde::de::Visitor<'de> for NoDuplicatesVisitor {
    type Value = NoDuplicates;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_i64<E>(self, _: i64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_u64<E>(self, _: u64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_f64<E>(self, _: f64) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_str<E>(self, _: &str) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_unit<E>(self) -> Result<NoDuplicates, E> {
        Ok(NoDuplicates)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<NoDuplicates, A::Error> {
        while a.next_element::<NoDuplicates>()?.is_some() {}
        Ok(NoDuplicates)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<NoDuplicates, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(k) = a.next_key::<String>()? {
            if !seen.insert(k.clone()) {
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE_MARK}{k}\u{0}"
                )));
            }
            a.next_value::<NoDuplicates>()?;
        }
        Ok(NoDuplicates)
    }
}

/// Formats a time as the canonical RFC 3339 UTC timestamp, whole seconds: `2026-11-26T09:30:00Z`.
pub fn format_utc(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses an RFC 3339 timestamp whose offset is UTC (`Z` or `+00:00`).
pub fn parse_utc(s: &str) -> Result<time::OffsetDateTime, CanonicalError> {
    // The `time` parser also takes a space or lowercase separators; RFC 3339 profiles used here
    // (and by `date -u +%Y-%m-%dT%H:%M:%SZ`) use `T` and `Z` only.
    if s.as_bytes().get(10) != Some(&b'T') || !(s.ends_with('Z') || s.ends_with("+00:00")) {
        return Err(CanonicalError::BadTime(s.chars().take(40).collect()));
    }
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|_| CanonicalError::BadTime(s.chars().take(40).collect()))?;
    if t.offset() != time::UtcOffset::UTC {
        return Err(CanonicalError::BadTime(s.chars().take(40).collect()));
    }
    Ok(t)
}

/// [`parse_utc`] in the stricter form requests and execution reports use: the offset is written
/// `Z`, never `+00:00`.
pub fn parse_utc_z(s: &str) -> Result<time::OffsetDateTime, CanonicalError> {
    if !s.ends_with('Z') {
        return Err(CanonicalError::NotZulu(s.chars().take(40).collect()));
    }
    parse_utc(s)
}

struct Canon<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
}

impl Canon<'_> {
    fn enter(depth: usize) -> Result<usize, CanonicalError> {
        if depth >= MAX_DEPTH {
            Err(CanonicalError::TooDeep)
        } else {
            Ok(depth + 1)
        }
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) -> Result<(), CanonicalError> {
    serde_json::to_writer(&mut *out, s).map_err(|e| CanonicalError::Json(e.to_string()))
}

fn write_display<T: std::fmt::Display>(out: &mut Vec<u8>, v: T) {
    out.extend_from_slice(v.to_string().as_bytes());
}

/// Array writer: elements separated by commas.
struct SeqW<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    first: bool,
    /// Closing bytes: `]` for a plain array, `]}` for a tuple variant.
    close: &'static [u8],
}

impl SeqW<'_> {
    fn elem<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        v.serialize(Canon {
            out: &mut *self.out,
            depth: self.depth,
        })
    }
    fn finish(self) -> Result<(), CanonicalError> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// Object writer: buffers entries, sorts them on `end`.
struct MapW<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    entries: Vec<(String, Vec<u8>)>,
    pending_key: Option<String>,
    /// Closing bytes after the object: empty, or `}` for a struct variant.
    close: &'static [u8],
}

impl MapW<'_> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: String, v: &T) -> Result<(), CanonicalError> {
        let mut buf = Vec::new();
        v.serialize(Canon {
            out: &mut buf,
            depth: self.depth,
        })?;
        self.entries.push((key, buf));
        Ok(())
    }
    fn finish(mut self) -> Result<(), CanonicalError> {
        self.entries
            .sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for pair in self.entries.windows(2) {
            if pair[0].0 == pair[1].0 {
                return Err(CanonicalError::DuplicateKey(pair[0].0.clone()));
            }
        }
        self.out.push(b'{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            write_str(self.out, k)?;
            self.out.push(b':');
            self.out.extend_from_slice(v);
        }
        self.out.push(b'}');
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = CanonicalError;
    type SerializeSeq = SeqW<'a>;
    type SerializeTuple = SeqW<'a>;
    type SerializeTupleStruct = SeqW<'a>;
    type SerializeTupleVariant = SeqW<'a>;
    type SerializeMap = MapW<'a>;
    type SerializeStruct = MapW<'a>;
    type SerializeStructVariant = MapW<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), CanonicalError> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), CanonicalError> {
        write_display(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), CanonicalError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), CanonicalError> {
        if !v.is_finite() {
            return Err(CanonicalError::NonFiniteFloat);
        }
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| CanonicalError::Json(e.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<(), CanonicalError> {
        let mut b = [0u8; 4];
        write_str(self.out, v.encode_utf8(&mut b))
    }
    fn serialize_str(self, v: &str) -> Result<(), CanonicalError> {
        write_str(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), CanonicalError> {
        use ser::SerializeSeq;
        let mut s = self.serialize_seq(Some(v.len()))?;
        for b in v {
            s.serialize_element(b)?;
        }
        s.end()
    }
    fn serialize_none(self) -> Result<(), CanonicalError> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CanonicalError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CanonicalError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CanonicalError> {
        write_str(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        let depth = Canon::enter(self.depth)?;
        self.out.push(b'{');
        write_str(self.out, variant)?;
        self.out.push(b':');
        value.serialize(Canon {
            out: &mut *self.out,
            depth,
        })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqW<'a>, CanonicalError> {
        let depth = Canon::enter(self.depth)?;
        self.out.push(b'[');
        Ok(SeqW {
            out: self.out,
            depth,
            first: true,
            close: b"]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqW<'a>, CanonicalError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqW<'a>, CanonicalError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<SeqW<'a>, CanonicalError> {
        let depth = Canon::enter(Canon::enter(self.depth)?)?;
        self.out.push(b'{');
        write_str(self.out, variant)?;
        self.out.extend_from_slice(b":[");
        Ok(SeqW {
            out: self.out,
            depth,
            first: true,
            close: b"]}",
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapW<'a>, CanonicalError> {
        let depth = Canon::enter(self.depth)?;
        Ok(MapW {
            out: self.out,
            depth,
            entries: Vec::new(),
            pending_key: None,
            close: b"",
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapW<'a>, CanonicalError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapW<'a>, CanonicalError> {
        let depth = Canon::enter(Canon::enter(self.depth)?)?;
        self.out.push(b'{');
        write_str(self.out, variant)?;
        self.out.push(b':');
        Ok(MapW {
            out: self.out,
            depth,
            entries: Vec::new(),
            pending_key: None,
            close: b"}",
        })
    }
}

impl ser::SerializeSeq for SeqW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        self.elem(v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        self.elem(v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        self.elem(v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SeqW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        self.elem(v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeMap for MapW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CanonicalError> {
        self.pending_key = Some(key.serialize(KeyOnly)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), CanonicalError> {
        let key = self
            .pending_key
            .take()
            .ok_or_else(|| CanonicalError::Custom("map value without a key".into()))?;
        self.entry(key, v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), CanonicalError> {
        self.entry(key.to_string(), v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapW<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), CanonicalError> {
        self.entry(key.to_string(), v)
    }
    fn end(self) -> Result<(), CanonicalError> {
        self.finish()
    }
}

/// Accepts only string-like map keys (strings, chars, unit variants).
struct KeyOnly;

impl ser::Serializer for KeyOnly {
    type Ok = String;
    type Error = CanonicalError;
    type SerializeSeq = ser::Impossible<String, CanonicalError>;
    type SerializeTuple = ser::Impossible<String, CanonicalError>;
    type SerializeTupleStruct = ser::Impossible<String, CanonicalError>;
    type SerializeTupleVariant = ser::Impossible<String, CanonicalError>;
    type SerializeMap = ser::Impossible<String, CanonicalError>;
    type SerializeStruct = ser::Impossible<String, CanonicalError>;
    type SerializeStructVariant = ser::Impossible<String, CanonicalError>;

    fn serialize_str(self, v: &str) -> Result<String, CanonicalError> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, CanonicalError> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Result<String, CanonicalError> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _n: &'static str,
        v: &T,
    ) -> Result<String, CanonicalError> {
        v.serialize(self)
    }
    fn serialize_bool(self, _v: bool) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_i8(self, _v: i8) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_i16(self, _v: i16) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_i32(self, _v: i32) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_i64(self, _v: i64) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_u8(self, _v: u8) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_u16(self, _v: u16) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_u32(self, _v: u32) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_u64(self, _v: u64) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_f32(self, _v: f32) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_f64(self, _v: f64) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_none(self) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _v: &T) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_unit(self) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_unit_struct(self, _n: &'static str) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _n: &'static str,
        _i: u32,
        _v: &'static str,
        _value: &T,
    ) -> Result<String, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_seq(self, _l: Option<usize>) -> Result<Self::SerializeSeq, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_tuple(self, _l: usize) -> Result<Self::SerializeTuple, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_tuple_struct(
        self,
        _n: &'static str,
        _l: usize,
    ) -> Result<Self::SerializeTupleStruct, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_tuple_variant(
        self,
        _n: &'static str,
        _i: u32,
        _v: &'static str,
        _l: usize,
    ) -> Result<Self::SerializeTupleVariant, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_map(self, _l: Option<usize>) -> Result<Self::SerializeMap, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_struct(
        self,
        _n: &'static str,
        _l: usize,
    ) -> Result<Self::SerializeStruct, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
    fn serialize_struct_variant(
        self,
        _n: &'static str,
        _i: u32,
        _v: &'static str,
        _l: usize,
    ) -> Result<Self::SerializeStructVariant, CanonicalError> {
        Err(CanonicalError::NonStringKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_found_at_any_depth() {
        assert_eq!(
            find_duplicate_key(br#"{"a":1,"b":{"c":[{"d":1,"d":2}]}}"#),
            Some("d".into())
        );
        assert_eq!(find_duplicate_key(br#"{"a":1,"a":1}"#), Some("a".into()));
        assert_eq!(find_duplicate_key(br#"{"a":{"x":1},"b":{"x":1}}"#), None);
        assert_eq!(find_duplicate_key(b"not json"), None);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(r#"{"k":{"z":1,"z":2}}"#.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(find_duplicate_key(&utf16), Some("z".into()));
    }
    use serde::Serialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn keys_are_sorted_recursively_without_whitespace() {
        let v = json!({"b": 1, "a": {"z": [3, {"y": null, "x": true}], "c": "é\n\""}});
        assert_eq!(
            to_string(&v).unwrap(),
            r#"{"a":{"c":"é\n\"","z":[3,{"x":true,"y":null}]},"b":1}"#
        );
    }

    #[test]
    fn structs_enums_and_floats() {
        #[derive(Serialize)]
        enum E {
            Unit,
            New(u8),
            Tup(u8, u8),
            St { b: u8, a: u8 },
        }
        #[derive(Serialize)]
        struct S {
            zeta: Vec<E>,
            alpha: f64,
            mid: Option<i64>,
        }
        let s = S {
            zeta: vec![E::Unit, E::New(1), E::Tup(1, 2), E::St { b: 2, a: 1 }],
            alpha: 0.25,
            mid: Some(-3),
        };
        assert_eq!(
            to_string(&s).unwrap(),
            r#"{"alpha":0.25,"mid":-3,"zeta":["Unit",{"New":1},{"Tup":[1,2]},{"St":{"a":1,"b":2}}]}"#
        );
        assert_eq!(to_vec(&f64::NAN), Err(CanonicalError::NonFiniteFloat));
        assert_eq!(
            to_vec(&vec![1.0, f64::INFINITY]),
            Err(CanonicalError::NonFiniteFloat)
        );
    }

    #[test]
    fn non_string_keys_are_refused() {
        let m = BTreeMap::from([(1u32, 2u32)]);
        assert_eq!(to_vec(&m), Err(CanonicalError::NonStringKey));
    }

    #[test]
    fn sorting_is_by_bytes() {
        let v = json!({"é": 1, "z": 2, "Z": 3, "_": 4});
        assert_eq!(to_string(&v).unwrap(), r#"{"Z":3,"_":4,"z":2,"é":1}"#);
    }

    #[test]
    fn parse_canonical_accepts_only_canonical_bytes() {
        let good = br#"{"a":[1,2],"b":"x"}"#;
        assert!(parse_canonical(good, 100).is_ok());
        for bad in [
            &br#"{"b":"x","a":[1,2]}"#[..],
            br#"{"a":[1, 2],"b":"x"}"#,
            br#"{"a":[1,2],"b":"x"} "#,
            br#"{"a":[1,2],"a":[1,2],"b":"x"}"#,
            br#"{"a":[1,2],"b":"\u0078"}"#,
        ] {
            assert_eq!(
                parse_canonical(bad, 100),
                Err(CanonicalError::NotCanonical),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(matches!(
            parse_canonical(b"{", 100),
            Err(CanonicalError::Json(_))
        ));
        assert_eq!(parse_canonical(good, 5), Err(CanonicalError::TooLarge(5)));
    }

    #[test]
    fn timestamps_round_trip_in_utc_only() {
        let t = parse_utc("2026-11-26T09:30:00Z").unwrap();
        assert_eq!(format_utc(t), "2026-11-26T09:30:00Z");
        assert_eq!(
            format_utc(parse_utc("2026-11-26T09:30:00.75+00:00").unwrap()),
            "2026-11-26T09:30:00Z"
        );
        assert!(parse_utc("2026-11-26T09:30:00+01:00").is_err());
        assert!(parse_utc("2026-11-26 09:30:00Z").is_err());
        assert!(parse_utc("yesterday").is_err());
    }

    #[test]
    fn depth_is_capped() {
        let mut v = json!(1);
        for _ in 0..MAX_DEPTH {
            v = json!([v]);
        }
        assert!(to_vec(&v).is_ok());
        let deeper = json!([v]);
        assert_eq!(to_vec(&deeper), Err(CanonicalError::TooDeep));
    }
}
