//! Calendar arithmetic for the few dates gapmap needs (the current year for
//! validation, the build date honouring SOURCE_DATE_EPOCH), without a date
//! library: days since 1970 to a civil date is a dozen lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970: SOURCE_DATE_EPOCH when set (reproducible builds),
/// the clock otherwise.
pub fn now_epoch() -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub fn current_year() -> i32 {
    civil_from_days(now_epoch().div_euclid(86_400)).0
}

/// `YYYY-MM-DD` of a Unix time.
pub fn iso_date(epoch: i64) -> String {
    let (y, m, d) = civil_from_days(epoch.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Checks that a date already of the form `YYYY-MM-DD` (or `YYYY-MM`)
/// names a day of the calendar: `2026-02-31` does not. The error is the
/// message and the help of a diagnostic about `field`.
pub fn calendar_day(field: &str, date: &str) -> Result<(), (String, String)> {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Ok(());
    };
    let Ok(year) = i32::try_from(year) else {
        return Ok(());
    };
    if !(1..=12).contains(&month) {
        return Ok(());
    }
    let last = days_in_month(year, month);
    if (1..=last).contains(&day) {
        return Ok(());
    }
    Err((
        format!(
            "`{field}` is not a day of the calendar: `{date}` ({} {year} has {last} days)",
            MONTHS[month as usize - 1]
        ),
        format!("write a day that exists, e.g. `{field}: \"{year:04}-{month:02}-{last:02}\"`"),
    ))
}

/// The help for a date not written `YYYY-MM-DD` (or `YYYY-MM` when
/// `allow_month`): the same date in that form when it can be told (a time
/// left out, digits padded, day and month put in order), otherwise the
/// form with an example. Quotes are never the fix: the value is read as
/// written either way.
pub fn date_form_help(field: &str, value: &str, allow_month: bool) -> String {
    let form = if allow_month {
        "YYYY-MM-DD or YYYY-MM"
    } else {
        "YYYY-MM-DD"
    };
    let day = |y: u32, m: u32, d: u32| {
        let fits = (1..=12).contains(&m)
            && i32::try_from(y).is_ok_and(|y| (1..=days_in_month(y, m)).contains(&d));
        fits.then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let value = value.trim();
    // A date with a time after it.
    if let Some((date, _)) = value.split_once(['T', ' '])
        && let Some(date) = numbers(date).and_then(|n| match n[..] {
            [(y, 4), (m, _), (d, _)] => day(y, m, d),
            _ => None,
        })
    {
        return format!("leave out the time: `{field}: {date}`");
    }
    let written = match numbers(value).as_deref() {
        Some(&[(y, 4), (m, _), (d, _)]) => day(y, m, d),
        Some(&[(y, 4), (m, 1 | 2)]) if allow_month && (1..=12).contains(&m) => {
            Some(format!("{y:04}-{m:02}"))
        }
        Some(&[(a, _), (b, _), (y, 4)]) => match (day(y, b, a), day(y, a, b)) {
            (Some(one), Some(other)) if one != other => {
                return format!(
                    "write it year first, as {form}: `{field}: {one}` if {a} is the day, `{field}: {other}` if {a} is the month"
                );
            }
            (Some(one), _) | (None, Some(one)) => Some(one),
            (None, None) => None,
        },
        _ => None,
    };
    match written {
        Some(date) => format!("write it as {form}: `{field}: {date}`"),
        None => format!("write it as {form}, e.g. `{field}: 2025-06-30`"),
    }
}

/// `2026-1-10`, `10/01/2026` or `2026.01.10` as its numbers with their
/// digit counts; `None` unless every part is digits.
fn numbers(s: &str) -> Option<Vec<(u32, usize)>> {
    s.split(['-', '/', '.'])
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok().map(|n| (n, p.len())))
                .flatten()
        })
        .collect()
}

/// Howard Hinnant's algorithm: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_305_600), "2026-11-22");
    }

    #[test]
    fn a_date_in_another_form_is_shown_in_ours() {
        let help = |v: &str| date_form_help("date_added", v, false);
        assert_eq!(
            help("2026-1-10"),
            "write it as YYYY-MM-DD: `date_added: 2026-01-10`"
        );
        assert_eq!(
            help("2026/01/10"),
            "write it as YYYY-MM-DD: `date_added: 2026-01-10`"
        );
        assert_eq!(
            help("22/11/2026"),
            "write it as YYYY-MM-DD: `date_added: 2026-11-22`"
        );
        assert_eq!(
            help("10/01/2026"),
            "write it year first, as YYYY-MM-DD: `date_added: 2026-01-10` if 10 is the day, `date_added: 2026-10-01` if 10 is the month"
        );
        assert_eq!(
            help("2026-01-10T10:00:00"),
            "leave out the time: `date_added: 2026-01-10`"
        );
        assert_eq!(
            help("last Tuesday"),
            "write it as YYYY-MM-DD, e.g. `date_added: 2025-06-30`"
        );
        assert_eq!(
            date_form_help("publication_date", "2021/7", true),
            "write it as YYYY-MM-DD or YYYY-MM: `publication_date: 2021-07`"
        );
        for v in ["2026-1-10", "10/01/2026", "x", "2026-02-30"] {
            assert!(!help(v).contains("quote"), "{v}");
        }
    }

    #[test]
    fn impossible_days_are_refused_and_real_ones_kept() {
        for ok in [
            "2026-02-28",
            "2024-02-29",
            "2000-02-29",
            "2026-12-31",
            "2026-04",
            "2026-04-30",
        ] {
            assert_eq!(calendar_day("date_added", ok), Ok(()), "{ok}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-02-31",
            "2026-04-31",
            "2026-06-31",
        ] {
            assert!(calendar_day("date_added", bad).is_err(), "{bad}");
        }
        let (message, help) = calendar_day("date_added", "2026-02-31").unwrap_err();
        assert!(message.contains("February 2026 has 28 days"), "{message}");
        assert!(help.contains("date_added: \"2026-02-28\""), "{help}");
    }
}
