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
fn parse_time(tag: Tag, value: &[u8]) -> Option<i64> {
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
        let secs = parse_time(tag, any.value()).ok_or_else(|| tag.value_error())?;
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
        parse_time(tag, s.as_bytes())
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
}
