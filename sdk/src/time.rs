//! RFC 3339 timestamps (the memories' `created-at` / `updated-at`) to and
//! from milliseconds since the Unix epoch. Pure functions: no grant needed.

/// Milliseconds in a day.
pub const MS_PER_DAY: f64 = 86_400_000.0;

/// Parses an RFC 3339 date-time (`2026-12-03T16:50:04.957Z`,
/// `2026-12-03T17:50:04+01:00`, ...) into milliseconds since the Unix epoch.
/// Accepts `t`/`T`/space as the separator, `z`/`Z` or `±HH:MM` as the offset,
/// any number of fraction digits (truncated to milliseconds) and a leap
/// second (`:60`, read as `:59.999`). `None` if the text is not RFC 3339.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let year = digits(b, 0, 4)? as i64;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                millis = millis * 10 + (b[i] - b'0') as i64;
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }

    let offset_minutes: i64 = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = digits(b, i + 1, 2)? as i64;
            let om = digits(b, i + 4, 2)? as i64;
            if oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if *sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };

    let (second, millis) = if second == 60 {
        (59, 999)
    } else {
        (second, millis)
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour as i64 * 3600 + minute as i64 * 60 + second as i64
        - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with
/// milliseconds, e.g. `2026-12-03T16:50:04.957Z`.
pub fn format_rfc3339_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
    let (min, rem) = (rem / 60_000, rem % 60_000);
    let (s, milli) = (rem / 1000, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

/// `(later - earlier)` in days, as a float.
pub fn days_between_ms(earlier: i64, later: i64) -> f64 {
    (later - earlier) as f64 / MS_PER_DAY
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_with_and_without_fraction() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_rfc3339_ms("1970-01-01T00:00:00.123456789Z"),
            Some(123)
        );
        // date -u -d 2026-12-03T16:50:04Z +%s -> 1796316604
        assert_eq!(
            parse_rfc3339_ms("2026-12-03T16:50:04.957Z"),
            Some(1_796_316_604_957)
        );
        assert_eq!(
            parse_rfc3339_ms("2000-02-29t12:00:00z"),
            Some(951_825_600_000)
        );
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1000));
    }

    #[test]
    fn parses_offsets() {
        let utc = parse_rfc3339_ms("2026-12-03T16:50:04Z").unwrap();
        assert_eq!(parse_rfc3339_ms("2026-12-03T17:50:04+01:00"), Some(utc));
        assert_eq!(parse_rfc3339_ms("2026-12-03T11:20:04-05:30"), Some(utc));
        assert_eq!(parse_rfc3339_ms("2026-12-03 16:50:04+00:00"), Some(utc));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026-12-03",
            "2026-12-03T16:50:04",
            "2026-13-03T16:50:04Z",
            "2026-02-30T16:50:04Z",
            "2025-02-29T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T16:60:00Z",
            "2026-12-03T16:50:04.Z",
            "2026-12-03T16:50:04ZZ",
            "2026-12-03T16:50:04+0100",
            "2026/12/03T16:50:04Z",
            "2026-12-03X16:50:04Z",
            "not a timestamp at all",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn leap_second_is_accepted() {
        assert_eq!(
            parse_rfc3339_ms("2016-12-31T23:59:60Z"),
            Some(parse_rfc3339_ms("2016-12-31T23:59:59.999Z").unwrap())
        );
    }

    #[test]
    fn format_round_trips() {
        for ms in [
            0,
            1500,
            -1000,
            951_825_600_000,
            1_796_316_604_957,
            253_402_300_799_999,
        ] {
            let s = format_rfc3339_ms(ms);
            assert_eq!(parse_rfc3339_ms(&s), Some(ms), "{s}");
        }
        assert_eq!(
            format_rfc3339_ms(1_796_316_604_957),
            "2026-12-03T16:50:04.957Z"
        );
        assert_eq!(days_between_ms(0, 86_400_000 * 3 / 2), 1.5);
    }
}
