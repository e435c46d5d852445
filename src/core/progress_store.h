// A visit of one leg as `progress` keeps it until the whole input is read (progress.cpp), and
// as a reading thread prepares it (Tracker::prepare).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "thomas/ids.h"
#include "thomas/measurements.h"

namespace thomas::progress {

// One visit of one leg as stored until finish(): what scoring and comparing need, no text, in
// 40 bytes. A clinic records angles in whole degrees or tenths, so each reading is kept as tenths
// in 16 bits; a visit with any reading that is not (a finer decimal, a huge value, -0) is "wide":
// its readings go to the tracker's side table, and `tenths` holds the index there.
struct Stored {
    std::uint32_t patient = 0;  // also the order patients first appeared in
    std::int32_t day = 0;       // days since 1970-01-01
    std::uint32_t examiner = 0;
    std::uint32_t device = 0;
    std::uint64_t place = 0;  // the CSV record number; with k_from_file, the file name's id
    std::array<std::int16_t, k_measure_count> tenths{};  // k_not_measured, or 10 x the reading
    std::uint8_t pain = 0;
    std::uint8_t red_flags = 0;
    std::uint16_t done = 0;
    std::uint8_t side = 0;
    std::uint8_t bits = 0;  // the k_ flags below

    static constexpr std::uint8_t k_pain_asked = 1;
    static constexpr std::uint8_t k_red_asked = 2;
    static constexpr std::uint8_t k_persists = 4;
    static constexpr std::uint8_t k_interior = 8;
    static constexpr std::uint8_t k_answers = 15;  // the bits above: what was measured
    static constexpr std::uint8_t k_from_file = 16;
    static constexpr std::uint8_t k_wide = 32;
    static constexpr std::int16_t k_not_measured = std::numeric_limits<std::int16_t>::min();

    std::uint64_t row() const { return (bits & k_from_file) != 0 ? 0 : place; }
    std::uint32_t wide_index() const {
        std::uint32_t i = 0;
        std::memcpy(&i, tenths.data(), sizeof i);
        return i;
    }
    void set_wide_index(std::uint32_t i) {
        bits |= k_wide;
        std::memcpy(tenths.data(), &i, sizeof i);
    }
};
static_assert(sizeof(Stored) == 40, "a visit record's size is in the docs (doc/performance.md)");
static_assert(k_pain_count <= 8 && k_red_flag_count <= 8, "pain and red flags are 8-bit sets");
static_assert(sizeof(std::uint32_t) <= sizeof(Stored::tenths), "a wide index fits in tenths");

// `v` as an exact number of tenths in 16 bits, if it is one: the tenths divided by 10 must give
// back the same double (which the nearest double to a decimal with one decimal place does).
inline bool to_tenths(double v, std::int16_t& out) {
    constexpr double k_limit = 3276.0;  // 32,760 tenths: below k_not_measured's magnitude
    if (!(std::fabs(v) <= k_limit) || (v == 0.0 && std::signbit(v))) {
        return false;  // NaN, too large, or -0, whose sign the tenths would lose
    }
    const auto t = static_cast<std::int16_t>(std::lround(v * 10));
    if (static_cast<double>(t) / 10 != v) {
        return false;
    }
    out = t;
    return true;
}

inline double from_tenths(std::int16_t t) {
    return static_cast<double>(t) / 10;
}

// A visit checked and packed, its texts not interned yet (that needs the tracker).
struct PreparedVisit {
    Stored stored;  // the patient, examiner, device and origin ids are not set
    std::array<double, k_measure_count> wide{};  // the readings (NaN: not measured), if k_wide
    std::string patient;
    std::string examiner;
    std::string device;
};

// Packs `m`'s answers into `out` (its ids, day and place are left for the caller).
inline void store(const Measurements& m, PreparedVisit& out) {
    Stored& s = out.stored;
    s = Stored{};
    bool wide = false;
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        const auto& v = m.values[i];
        out.wide[i] = v ? *v : std::numeric_limits<double>::quiet_NaN();
        if (!v) {
            s.tenths[i] = Stored::k_not_measured;
        } else if (!wide && !to_tenths(*v, s.tenths[i])) {
            wide = true;
        }
    }
    s.pain = static_cast<std::uint8_t>(m.pain ? m.pain->bits() : 0);
    s.red_flags = static_cast<std::uint8_t>(m.red_flags ? m.red_flags->bits() : 0);
    s.done = m.done.bits();
    s.side = static_cast<std::uint8_t>(*m.side);
    s.bits = static_cast<std::uint8_t>(
        (m.pain ? Stored::k_pain_asked : 0) | (m.red_flags ? Stored::k_red_asked : 0) |
        (m.persists ? Stored::k_persists : 0) | (m.knee_as_interior ? Stored::k_interior : 0) |
        (wide ? Stored::k_wide : 0));
}

}  // namespace thomas::progress
