//! Times: X.509 validity times (UTCTime for 1950–2049, GeneralizedTime for any year from 0),
//! conversion between `SystemTime` and Unix seconds in both directions of 1970, and the
//! proleptic Gregorian calendar they need.
//!
//! The `der` crate's time types start at 1970, which leaves certificates issued with a
//! notBefore in the 1950s or 1960s unreadable; this module reads them.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::{Decode, Encode, Length, Reader, Tag, Tagged, Writer};

/// An X.509 `Time` (RFC 5280 4.1.2.5) as read from a certificate: the moment in Unix seconds
/// (negative before 1970) and the original TLV, written back unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct X509Time {
    secs: i64,
    tlv: Vec<u8>,
}

impl X509Time {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub(crate) fn unix(&self) -> i64 {
        self.secs
    }
}

/// Parses `digits` (ASCII) as a decimal number.
fn num(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0i64, |acc, d| {
        acc.checked_mul(10)?.checked_add(i64::from(d - b'0'))
    })
}

/// `YYMMDDHHMMSSZ` (UTCTime, years 1950–2049) or `YYYYMMDDHHMMSSZ` (GeneralizedTime), in the
/// DER form RFC 5280 requires: seconds present, `Z`, no fraction.
fn parse_x509_time(tag: Tag, value: &[u8]) -> Option<i64> {
    let (year, rest) = match tag {
        Tag::UtcTime if value.len() == 13 => {
            let yy = num(&value[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &value[2..])
        }
        Tag::GeneralizedTime if value.len() == 15 => (num(&value[..4])?, &value[4..]),
        _ => return None,
    };
    if rest[10] != b'Z' {
        return None;
    }
    let (month, day) = (num(&rest[0..2])?, num(&rest[2..4])?);
    let (hour, minute, second) = (num(&rest[4..6])?, num(&rest[6..8])?, num(&rest[8..10])?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

impl<'a> Decode<'a> for X509Time {
    type Error = der::Error;

    fn decode<R: Reader<'a>>(reader: &mut R) -> der::Result<Self> {
        let any = der::asn1::AnyRef::decode(reader)?;
        let tag = any.tag();
        let secs = parse_x509_time(tag, any.value()).ok_or_else(|| tag.value_error())?;
        Ok(X509Time {
            secs,
            tlv: any.to_der()?,
        })
    }
}

impl Encode for X509Time {
    fn encoded_len(&self) -> der::Result<Length> {
        Length::try_from(self.tlv.len())
    }

    fn encode(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(&self.tlv)
    }
}

/// The `SystemTime` of Unix seconds `secs` (before 1970 when negative).
pub(crate) fn from_unix(secs: i64) -> SystemTime {
    let d = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH.checked_add(d).unwrap_or(UNIX_EPOCH)
    } else {
        UNIX_EPOCH.checked_sub(d).unwrap_or(UNIX_EPOCH)
    }
}

/// Whole Unix seconds of `t`, rounded down (so 1969-12-31T23:59:59.5Z is -1).
pub(crate) fn unix(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() > 0 {
                whole.saturating_add(1).saturating_neg()
            } else {
                whole.saturating_neg()
            }
        }
    }
}

/// Reads a moment written the ways people and OpenSSL write one: Unix seconds (`1767323045`,
/// as `openssl verify -attime` takes), an RFC 3339 date-time (`2026-01-02T03:04:05Z`, with `Z`
/// or a `±HH:MM` offset and optional fractional seconds, which are dropped), or the ASN.1 forms
/// of X.509 and `openssl ca -startdate/-enddate`: GeneralizedTime `YYYYMMDDHHMMSSZ` and UTCTime
/// `YYMMDDHHMMSSZ` (years 1950–2049). Every face reads times with it.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_secs(1_767_323_045);
/// assert_eq!(sslkit::parse_time("1767323045")?, t);
/// assert_eq!(sslkit::parse_time("2026-01-02T05:04:05+02:00")?, t);
/// assert_eq!(sslkit::parse_time("20260102030405Z")?, t);
/// assert_eq!(sslkit::parse_time("260102030405Z")?, t);
/// assert!(sslkit::parse_time("tomorrow").is_err());
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn parse_time(s: &str) -> crate::Result<SystemTime> {
    let out_of_range = || crate::Error::invalid(format!("the time '{s}' is out of range"));
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<u64>()
            .ok()
            .and_then(|secs| UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
            .ok_or_else(out_of_range);
    }
    let asn1 = match s.len() {
        13 => parse_x509_time(Tag::UtcTime, s.as_bytes()),
        15 => parse_x509_time(Tag::GeneralizedTime, s.as_bytes()),
        _ => None,
    };
    let secs = asn1.or_else(|| rfc3339_seconds(s)).ok_or_else(|| {
        crate::Error::invalid(format!(
            "'{s}' is not a time: expected RFC 3339 (2026-01-02T03:04:05Z), YYYYMMDDHHMMSSZ or Unix seconds"
        ))
    })?;
    let d = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    }
    .ok_or_else(out_of_range)
}

/// Seconds since the Unix epoch of an RFC 3339 `date-time`, or None when `s` is not one.
/// Fractional seconds are dropped; a leap second (`:60`) counts as the next second.
fn rfc3339_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // YYYY-MM-DDTHH:MM:SS is 19 bytes; then [.frac] and Z or ±HH:MM.
    if b.len() < 20 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digit = |c: &u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
            let hours = digit(h1)? * 10 + digit(h2)?;
            let minutes = digit(m1)? * 10 + digit(m2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` (1–12) in `year`.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day number counted from 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Year, month, day, hour, minute, second of Unix seconds `secs`.
pub(crate) fn civil(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tag: Tag, s: &str) -> Option<i64> {
        parse_x509_time(tag, s.as_bytes())
    }

    /// Expected values from `date -u -d ... +%s`.
    #[test]
    fn times_on_both_sides_of_1970() {
        assert_eq!(t(Tag::UtcTime, "700101000000Z"), Some(0));
        assert_eq!(t(Tag::UtcTime, "500101000000Z"), Some(-631_152_000));
        assert_eq!(t(Tag::UtcTime, "691231235959Z"), Some(-1));
        assert_eq!(t(Tag::UtcTime, "491231235959Z"), Some(2_524_607_999));
        assert_eq!(
            t(Tag::GeneralizedTime, "19500101000000Z"),
            Some(-631_152_000)
        );
        assert_eq!(
            t(Tag::GeneralizedTime, "20500101000000Z"),
            Some(2_524_608_000)
        );
        assert_eq!(
            t(Tag::GeneralizedTime, "29690503000001Z"),
            Some(31_536_000_001)
        );
        assert_eq!(
            t(Tag::GeneralizedTime, "00000101000000Z"),
            Some(-62_167_219_200)
        );
        assert_eq!(
            t(Tag::GeneralizedTime, "20000229120000Z"),
            Some(951_825_600)
        );
    }

    #[test]
    fn malformed_times_are_refused() {
        for (tag, s) in [
            (Tag::UtcTime, "7001010000Z"),
            (Tag::UtcTime, "700101000000"),
            (Tag::UtcTime, "700101000000+0000"),
            (Tag::UtcTime, "701301000000Z"),
            (Tag::UtcTime, "700230000000Z"),
            (Tag::UtcTime, "700101240000Z"),
            (Tag::UtcTime, "700101006000Z"),
            (Tag::UtcTime, "700101000060Z"),
            (Tag::GeneralizedTime, "19700101000000.5Z"),
            (Tag::GeneralizedTime, "1970010100000Z"),
            (Tag::GeneralizedTime, "21000229000000Z"),
            (Tag::UtcTime, "7o0101000000Z"),
        ] {
            assert_eq!(t(tag, s), None, "{s}");
        }
    }

    #[test]
    fn calendar_round_trips() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil(-1), (1969, 12, 31, 23, 59, 59));
        assert_eq!(unix(from_unix(-5)), -5);
        assert_eq!(unix(UNIX_EPOCH - Duration::from_millis(500)), -1);
        assert_eq!(unix(UNIX_EPOCH + Duration::from_millis(1500)), 1);
    }

    fn rfc(s: &str) -> Option<i64> {
        rfc3339_seconds(s)
    }

    #[test]
    fn rfc3339_utc_and_offsets() {
        // Reference values from `date -u -d ... +%s`.
        assert_eq!(rfc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc("2026-01-02T03:04:05Z"), Some(1_767_323_045));
        assert_eq!(rfc("2026-01-02t03:04:05z"), Some(1_767_323_045));
        assert_eq!(rfc("2026-01-02 03:04:05Z"), Some(1_767_323_045));
        assert_eq!(rfc("2026-01-02T05:04:05+02:00"), Some(1_767_323_045));
        assert_eq!(rfc("2026-01-01T22:34:05-04:30"), Some(1_767_323_045));
        assert_eq!(rfc("2026-01-02T03:04:05.999Z"), Some(1_767_323_045));
        assert_eq!(rfc("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(rfc("2100-01-01T00:00:00Z"), Some(4_102_444_800));
        assert_eq!(rfc("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(rfc("2016-12-31T23:59:60Z"), Some(1_483_228_800));
    }

    #[test]
    fn rfc3339_rejects_malformed() {
        for bad in [
            "",
            "2026-01-02",
            "2026-01-02T03:04:05",
            "2026-01-02T03:04:05+0200",
            "2026-13-02T03:04:05Z",
            "2026-02-29T03:04:05Z",
            "1900-02-29T03:04:05Z",
            "2026-01-32T03:04:05Z",
            "2026-01-02T24:04:05Z",
            "2026-01-02T03:60:05Z",
            "2026-01-02T03:04:61Z",
            "2026-01-02T03:04:05.Z",
            "2026-01-02T03:04:05+24:00",
            "2026/01/02T03:04:05Z",
            "+026-01-02T03:04:05Z",
            "2026-01-02T03:04:05ZZ",
        ] {
            assert_eq!(rfc(bad), None, "{bad}");
        }
    }

    #[test]
    fn unix_seconds_and_errors() {
        assert_eq!(
            parse_time("4102444800").unwrap(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(4_102_444_800)
        );
        assert_eq!(
            parse_time("2100-01-01T00:00:00Z").unwrap(),
            parse_time("4102444800").unwrap()
        );
        assert!(parse_time("-5").is_err());
        assert!(parse_time("12e3").is_err());
        assert!(parse_time("99999999999999999999999").is_err());
        assert!(parse_time("tomorrow").is_err());
        // The ASN.1 forms: DER only (seconds and Z present).
        assert_eq!(
            parse_time("21000101000000Z").unwrap(),
            parse_time("4102444800").unwrap()
        );
        assert_eq!(unix(parse_time("500101000000Z").unwrap()), -631_152_000);
        for bad in [
            "2026010203040Z",
            "2026010203040 Z",
            "260102030405+0000",
            "20261302030405Z",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }
}
