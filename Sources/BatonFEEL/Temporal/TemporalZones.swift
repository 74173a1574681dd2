import Foundation

/// A point on the UTC time line: whole seconds since 1970-01-01T00:00:00Z plus a
/// nanosecond part in `0..<1_000_000_000`.
struct TemporalInstant: Sendable, Hashable, Comparable {
    var seconds: Int
    var nanoseconds: Int

    static func < (lhs: TemporalInstant, rhs: TemporalInstant) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

/// IANA time zone rules, read through `Foundation.TimeZone` (the system tz database).
///
/// Only integer offsets come out of Foundation. To keep every instant handed to it small
/// enough to be exact, instants far in the past or future are first moved by whole
/// 400-year Gregorian cycles (146,097 days, which repeat weekdays and leap years exactly)
/// into a window where the tz database answers the same: instants before 1800 into
/// 1400–1799 (every zone is on its first, local mean time, offset), instants from 2400 on
/// into 2400–2799 (the zone's last recurring rule).
enum TemporalZones {
    /// The largest offset FEEL (like ISO 8601 / `java.time`) allows: ±18:00.
    static let maximumOffsetSeconds = 18 * 3600

    /// IANA zone names without a slash (backward-compatible links and legacy zones).
    private static let slashlessNames: Set<String> = [
        "UTC", "UCT", "GMT", "GMT0", "Greenwich", "Universal", "Zulu", "CET", "EET", "MET", "WET",
        "EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "Cuba", "Egypt", "Eire",
        "GB", "GB-Eire", "Hongkong", "Iceland", "Iran", "Israel", "Jamaica", "Japan", "Kwajalein",
        "Libya", "NZ", "NZ-CHAT", "Navajo", "PRC", "Poland", "Portugal", "ROC", "ROK", "Singapore",
        "Turkey", "W-SU",
    ]

    /// The Foundation time zone for an IANA region name such as `Europe/Paris`, or `nil`
    /// when the name is not a zone of the tz database (abbreviations such as `PST` and
    /// offset spellings such as `GMT+1` are rejected).
    static func timeZone(named name: String) -> TimeZone? {
        guard !name.isEmpty, name.utf8.allSatisfy({ isZoneNameByte($0) }),
            let zone = TimeZone(identifier: name)
        else { return nil }
        if name.contains("/") {
            return zone.identifier == name ? zone : nil
        }
        return slashlessNames.contains(name) ? zone : nil
    }

    static func isValidRegion(_ name: String) -> Bool { timeZone(named: name) != nil }

    private static func isZoneNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"),
            UInt8(ascii: "-"), UInt8(ascii: "+"):
            true
        default:
            false
        }
    }

    private static let cycleSeconds = 146_097 * TemporalCalendar.secondsPerDay
    /// 1800-01-01T00:00:00Z and 2400-01-01T00:00:00Z.
    private static let earliestLookup = TemporalCalendar.epochDay(year: 1800, month: 1, day: 1) * TemporalCalendar.secondsPerDay
    private static let latestLookup = TemporalCalendar.epochDay(year: 2400, month: 1, day: 1) * TemporalCalendar.secondsPerDay

    /// The UTC offset, in seconds, that `region` has at the instant `epochSeconds`.
    static func offset(of region: String, atEpochSecond epochSeconds: Int) -> Int {
        guard let zone = timeZone(named: region) else { return 0 }
        var lookup = epochSeconds
        if lookup < earliestLookup {
            // Into [1400, 1800): the latest equivalent instant still before 1800.
            lookup += (earliestLookup - 1 - lookup) / cycleSeconds * cycleSeconds
        } else if lookup >= latestLookup {
            // Into [2400, 2800).
            lookup -= (lookup - latestLookup) / cycleSeconds * cycleSeconds
        }
        // `lookup` is now within ±2.6e10: exactly representable as a TimeInterval.
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(lookup)))
    }

    /// The instant (epoch seconds) at which the wall clock of `region` shows `localSeconds`
    /// (a local date and time written as seconds since 1970-01-01T00:00:00, zone-less).
    ///
    /// As in `java.time`: in a daylight-saving overlap the earlier instant (the offset in
    /// force before the transition) is chosen; a wall time inside a gap is moved forward by
    /// the length of the gap.
    static func epochSecond(ofLocal localSeconds: Int, in region: String) -> Int {
        let before = offset(of: region, atEpochSecond: localSeconds - TemporalCalendar.secondsPerDay)
        let after = offset(of: region, atEpochSecond: localSeconds + TemporalCalendar.secondsPerDay)
        if offset(of: region, atEpochSecond: localSeconds - before) == before {
            return localSeconds - before
        }
        if offset(of: region, atEpochSecond: localSeconds - after) == after {
            return localSeconds - after
        }
        // A gap: the wall time does not exist. Reading it with the earlier offset lands
        // after the transition, i.e. the wall time shifted forward by the gap.
        return localSeconds - before
    }
}
