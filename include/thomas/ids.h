// Stable identifiers from the product contract (README "Measurements" and doc/usage.md).
// These are vocabulary, not clinical knowledge: which finding implicates which
// tissue, and every threshold, lives in the rule files.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace thomas {

enum class Side : std::uint8_t { left, right };
enum class Status : std::uint8_t { pass, borderline, fail, not_measured };
// Declared from least to most urgent; the overall result is the most urgent one raised.
enum class Result : std::uint8_t { negative, borderline, positive, retest, refer };
enum class Tissue : std::uint8_t { iliopsoas, rectus_femoris, tensor_fasciae_latae, sartorius };
enum class Flag : std::uint8_t { hip_joint, lumbar_spine, knee_joint, nerve, red_flag };
enum class Pain : std::uint8_t { none, stretch, hip, groin, knee, back, nerve };
// The red-flag history screen: answers that call for urgent medical assessment.
enum class RedFlag : std::uint8_t {
    none,
    trauma,
    night_pain,
    fever,
    neuro_deficit,
    bladder_bowel,
    weight_loss,
    cancer_history
};

// The measurement fields a rule file may refer to (knee_angle_interior is an input
// spelling of knee_flexion, converted on entry, so it never reaches the rules).
enum class Measure : std::uint8_t { thigh_angle, knee_flexion, rotation, abduction, lumbar_flat };

// How a measure changed between two visits, judged against its smallest real change (`mdc`).
enum class Change : std::uint8_t { improved, worse, no_reliable_change };
// Which way a measure is better (rule file `better:`).
enum class Better : std::uint8_t { lower, higher, nearer_zero };

inline constexpr std::size_t k_change_count = 3;
inline constexpr std::size_t k_status_count = 4;
inline constexpr std::size_t k_result_count = 5;
inline constexpr std::size_t k_measure_count = 5;
static_assert(static_cast<std::size_t>(Status::not_measured) + 1 == k_status_count &&
              static_cast<std::size_t>(Result::refer) + 1 == k_result_count &&
              static_cast<std::size_t>(Measure::lumbar_flat) + 1 == k_measure_count);
inline constexpr std::size_t k_tissue_count = 4;
inline constexpr std::size_t k_flag_count = 5;
inline constexpr std::size_t k_pain_count = 7;
inline constexpr std::size_t k_red_flag_count = 8;
inline constexpr int k_step_count = 7;  // programme steps are numbered 1..7

// Id text for each enum value, exactly as in the contract.
std::string_view to_string(Side v);
std::string_view to_string(Status v);
std::string_view to_string(Result v);
std::string_view to_string(Tissue v);
std::string_view to_string(Flag v);
std::string_view to_string(Pain v);
std::string_view to_string(RedFlag v);
std::string_view to_string(Measure v);
std::string_view to_string(Change v);
std::string_view to_string(Better v);

// Human-readable names for tissues and flags (for text output).
std::string_view label(Tissue v);
std::string_view label(Flag v);

// Parse an id; nullopt if the text is not one of the contract ids (case-sensitive).
std::optional<Side> parse_side(std::string_view text);
std::optional<Status> parse_status(std::string_view text);
std::optional<Result> parse_result(std::string_view text);
std::optional<Tissue> parse_tissue(std::string_view text);
std::optional<Flag> parse_flag(std::string_view text);
std::optional<Pain> parse_pain(std::string_view text);
std::optional<RedFlag> parse_red_flag(std::string_view text);
std::optional<Measure> parse_measure(std::string_view text);
std::optional<Change> parse_change(std::string_view text);
std::optional<Better> parse_better(std::string_view text);

// The accepted ids of each kind joined with ", " (for "expected one of ..." messages).
std::string_view accepted_statuses();
std::string_view accepted_results();
std::string_view accepted_tissues();
std::string_view accepted_flags();
std::string_view accepted_pains();
std::string_view accepted_red_flags();
std::string_view accepted_measures();
std::string_view accepted_changes();
std::string_view accepted_betters();

// A tiny fixed-size set over a small enum, stored as bits (no allocation on the scoring path).
template <typename E>
class EnumSet {
public:
    constexpr EnumSet() = default;
    constexpr void insert(E v) { bits_ |= bit(v); }
    constexpr void insert(EnumSet other) { bits_ |= other.bits_; }
    constexpr void erase(E v) { bits_ &= static_cast<std::uint32_t>(~bit(v)); }
    constexpr bool contains(E v) const { return (bits_ & bit(v)) != 0; }
    constexpr bool intersects(EnumSet other) const { return (bits_ & other.bits_) != 0; }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr std::uint32_t bits() const { return bits_; }
    static constexpr EnumSet from_bits(std::uint32_t bits) {
        EnumSet s;
        s.bits_ = bits;
        return s;
    }
    friend constexpr bool operator==(EnumSet, EnumSet) = default;

private:
    static constexpr std::uint32_t bit(E v) { return std::uint32_t{1} << static_cast<unsigned>(v); }
    std::uint32_t bits_ = 0;
};

using StatusSet = EnumSet<Status>;
using ResultSet = EnumSet<Result>;
using TissueSet = EnumSet<Tissue>;
using FlagSet = EnumSet<Flag>;
using PainSet = EnumSet<Pain>;
using RedFlagSet = EnumSet<RedFlag>;
using ChangeSet = EnumSet<Change>;

// Programme steps 1..7 as a bit mask (bit n = step n).
class StepMask {
public:
    constexpr void insert(int step) { bits_ |= static_cast<std::uint16_t>(1u << step); }
    constexpr bool contains(int step) const { return (bits_ >> step) & 1u; }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr std::uint16_t bits() const { return bits_; }
    static constexpr StepMask from_bits(std::uint16_t bits) {
        StepMask s;
        s.bits_ = bits;
        return s;
    }
    friend constexpr bool operator==(StepMask, StepMask) = default;

private:
    std::uint16_t bits_ = 0;
};

}  // namespace thomas
