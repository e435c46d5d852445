#include "thomas/ids.h"

#include <algorithm>
#include <string>

namespace thomas {
namespace {

// One table per kind keeps text and enum order in one place.
constexpr std::array<std::string_view, 2> k_sides{"left", "right"};
constexpr std::array<std::string_view, k_status_count> k_statuses{"pass", "borderline", "fail",
                                                                  "not_measured"};
constexpr std::array<std::string_view, k_result_count> k_results{"negative", "borderline",
                                                                 "positive", "retest", "refer"};
constexpr std::array<std::string_view, k_tissue_count> k_tissues{
    "iliopsoas", "rectus_femoris", "tensor_fasciae_latae", "sartorius"};
constexpr std::array<std::string_view, k_tissue_count> k_tissue_labels{
    "iliopsoas", "rectus femoris", "tensor fasciae latae", "sartorius"};
constexpr std::array<std::string_view, k_flag_count> k_flags{"hip_joint", "lumbar_spine",
                                                             "knee_joint", "nerve", "red_flag"};
constexpr std::array<std::string_view, k_flag_count> k_flag_labels{
    "hip joint", "lumbar spine / SI joint", "knee joint", "nerve",
    "red flag (urgent medical assessment)"};
constexpr std::array<std::string_view, k_pain_count> k_pains{"none", "stretch", "hip",  "groin",
                                                             "knee", "back",    "nerve"};
constexpr std::array<std::string_view, k_red_flag_count> k_red_flags{
    "none",          "trauma",        "night_pain",  "fever",
    "neuro_deficit", "bladder_bowel", "weight_loss", "cancer_history"};
constexpr std::array<std::string_view, k_measure_count> k_measures{
    "thigh_angle", "knee_flexion", "rotation", "abduction", "lumbar_flat"};
constexpr std::array<std::string_view, k_change_count> k_changes{"improved", "worse",
                                                                 "no_reliable_change"};
constexpr std::array<std::string_view, 3> k_betters{"lower", "higher", "nearer_zero"};

template <typename E, std::size_t N>
std::string_view text_of(const std::array<std::string_view, N>& table, E v) {
    return table[static_cast<std::size_t>(v)];
}

template <typename E, std::size_t N>
std::optional<E> find_in(const std::array<std::string_view, N>& table, std::string_view text) {
    const auto* it = std::find(table.begin(), table.end(), text);
    if (it == table.end()) {
        return std::nullopt;
    }
    return static_cast<E>(it - table.begin());
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& table) {
    std::string out;
    for (auto t : table) {
        if (!out.empty()) {
            out += ", ";
        }
        out += t;
    }
    return out;
}

}  // namespace

std::string_view to_string(Side v) {
    return text_of(k_sides, v);
}
std::string_view to_string(Status v) {
    return text_of(k_statuses, v);
}
std::string_view to_string(Result v) {
    return text_of(k_results, v);
}
std::string_view to_string(Tissue v) {
    return text_of(k_tissues, v);
}
std::string_view to_string(Flag v) {
    return text_of(k_flags, v);
}
std::string_view to_string(Pain v) {
    return text_of(k_pains, v);
}
std::string_view to_string(RedFlag v) {
    return text_of(k_red_flags, v);
}
std::string_view to_string(Measure v) {
    return text_of(k_measures, v);
}
std::string_view to_string(Change v) {
    return text_of(k_changes, v);
}
std::string_view to_string(Better v) {
    return text_of(k_betters, v);
}
std::string_view label(Tissue v) {
    return text_of(k_tissue_labels, v);
}
std::string_view label(Flag v) {
    return text_of(k_flag_labels, v);
}

std::optional<Side> parse_side(std::string_view t) {
    return find_in<Side>(k_sides, t);
}
std::optional<Status> parse_status(std::string_view t) {
    return find_in<Status>(k_statuses, t);
}
std::optional<Result> parse_result(std::string_view t) {
    return find_in<Result>(k_results, t);
}
std::optional<Tissue> parse_tissue(std::string_view t) {
    return find_in<Tissue>(k_tissues, t);
}
std::optional<Flag> parse_flag(std::string_view t) {
    return find_in<Flag>(k_flags, t);
}
std::optional<Pain> parse_pain(std::string_view t) {
    return find_in<Pain>(k_pains, t);
}
std::optional<RedFlag> parse_red_flag(std::string_view t) {
    return find_in<RedFlag>(k_red_flags, t);
}
std::optional<Measure> parse_measure(std::string_view t) {
    return find_in<Measure>(k_measures, t);
}
std::optional<Change> parse_change(std::string_view t) {
    return find_in<Change>(k_changes, t);
}
std::optional<Better> parse_better(std::string_view t) {
    return find_in<Better>(k_betters, t);
}

std::string_view accepted_statuses() {
    static const std::string s = join(k_statuses);
    return s;
}
std::string_view accepted_results() {
    static const std::string s = join(k_results);
    return s;
}
std::string_view accepted_tissues() {
    static const std::string s = join(k_tissues);
    return s;
}
std::string_view accepted_flags() {
    static const std::string s = join(k_flags);
    return s;
}
std::string_view accepted_pains() {
    static const std::string s = join(k_pains);
    return s;
}
std::string_view accepted_red_flags() {
    static const std::string s = join(k_red_flags);
    return s;
}
std::string_view accepted_measures() {
    static const std::string s = join(k_measures);
    return s;
}
std::string_view accepted_changes() {
    static const std::string s = join(k_changes);
    return s;
}
std::string_view accepted_betters() {
    static const std::string s = join(k_betters);
    return s;
}

}  // namespace thomas
