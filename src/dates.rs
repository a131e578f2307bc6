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
