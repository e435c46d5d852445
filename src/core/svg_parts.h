// The palette and pieces shared by the SVG drawings of `thomas report` (svg_*.cpp).
#pragma once

#include <string>
#include <string_view>

#include "thomas/ids.h"

namespace thomas::svg {

// Okabe-Ito, which people with the common colour-vision deficiencies tell apart; every status
// is also written in words, and borderline is hatched.
inline constexpr std::string_view k_ink = "#1a1a1a";
inline constexpr std::string_view k_leg_colour = "#0072B2";         // blue
inline constexpr std::string_view k_pass_colour = "#009E73";        // bluish green
inline constexpr std::string_view k_borderline_colour = "#E69F00";  // orange
inline constexpr std::string_view k_fail_colour = "#D55E00";        // vermillion
inline constexpr std::string_view k_table_colour = "#d9d9d9";
inline constexpr std::string_view k_mdc_colour = "#56B4E9";  // sky blue

std::string_view status_colour(Status status);

// <defs> with the diagonal hatching of borderline areas, id "{prefix}-hatch".
std::string hatch_pattern(std::string_view prefix);

}  // namespace thomas::svg
