// A visit of one leg as `progress` keeps it until the whole input is read (progress.cpp), and
// as a reading thread prepares it (Tracker::prepare).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "thomas/measurements.h"

namespace thomas::progress {

// One visit of one leg as stored until finish(): what scoring and comparing need, no text.
struct Stored {
    std::uint32_t patient = 0;  // also the order patients first appeared in
    std::int32_t day = 0;       // days since 1970-01-01
    std::uint32_t examiner = 0;
    std::uint32_t device = 0;
    std::uint32_t origin = 0;  // a file name, or the CSV's name for rows
    std::uint64_t row = 0;
    std::array<double, k_measure_count> values{};  // NaN = not measured
    std::uint32_t pain = 0;
    std::uint32_t red_flags = 0;
    std::uint16_t done = 0;
    std::uint8_t side = 0;
    std::uint8_t bits = 0;  // k_pain_asked | k_red_asked | k_persists | k_interior

    static constexpr std::uint8_t k_pain_asked = 1;
    static constexpr std::uint8_t k_red_asked = 2;
    static constexpr std::uint8_t k_persists = 4;
    static constexpr std::uint8_t k_interior = 8;
};

inline Stored store(const Measurements& m) {
    constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();
    Stored s;
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        s.values[i] = m.values[i] ? *m.values[i] : k_missing;
    }
    s.pain = m.pain ? m.pain->bits() : 0;
    s.red_flags = m.red_flags ? m.red_flags->bits() : 0;
    s.done = m.done.bits();
    s.side = static_cast<std::uint8_t>(*m.side);
    s.bits = static_cast<std::uint8_t>(
        (m.pain ? Stored::k_pain_asked : 0) | (m.red_flags ? Stored::k_red_asked : 0) |
        (m.persists ? Stored::k_persists : 0) | (m.knee_as_interior ? Stored::k_interior : 0));
    return s;
}

// A visit checked and packed, its texts not interned yet (that needs the tracker).
struct PreparedVisit {
    Stored stored;  // the patient, examiner, device and origin ids are not set
    std::string patient;
    std::string examiner;
    std::string device;
};

}  // namespace thomas::progress
