// The SVG drawings of `thomas report`, from plain data: the hanging leg with its reference
// lines, a distribution of a measure against its cut-offs, and (for visits) a measure over
// time. Each returns one self-contained <svg> element (no script, no external reference) with
// a <title> and <desc>, colours from a colour-blind-safe palette (Okabe-Ito) and every status
// also written in words. Deterministic output: golden tests compare it byte for byte. The
// callers (html_report.cpp) turn a rule set into the numbers; nothing clinical is decided here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "thomas/ids.h"

namespace thomas::svg {

// A direction drawn from a joint: the cut-off as a dashed line and the borderline bands as
// shaded wedges, in degrees above the horizontal (negative = below), as the limb would point.
struct AngleGuide {
    std::optional<double> cutoff;
    std::vector<std::pair<double, double>> borderline;  // wedges, each (from, to)
    std::string label;                                  // written at the end of the line
};

// The side view of one leg to scale: the table, the hip at its edge, the thigh at
// `thigh_angle`, the shank at `knee_flexion` from the line of the thigh (leg_geometry.h).
struct LegFigure {
    std::string id;  // unique in the page: prefixes every id inside the drawing
    std::string title;
    std::string description;
    double thigh_angle = 0;                 // non-finite: nothing but the table is drawn
    std::optional<double> knee_flexion;     // nullopt: no shank
    std::optional<AngleGuide> thigh_guide;  // from the hip, in thigh directions
    std::optional<AngleGuide> shank_guide;  // from the knee, in shank directions
};

// The thigh is k_thigh_units long and the shank k_shank_units (about equal in adults); one
// unit is one SVG user unit, the y axis pointing down as SVG's does.
inline constexpr double k_thigh_units = 100;
inline constexpr double k_shank_units = 100;

std::string leg_svg(const LegFigure& figure);

// A region of a measure's axis in the status it gives, shaded behind a chart.
struct Region {
    double from = 0;
    double to = 0;
    Status status = Status::pass;
};

// Counts of a measure in equal bins: bin i holds values in [start + i*width, start +
// (i+1)*width). One bar per bin, so the size does not grow with the number of rows.
struct Histogram {
    std::string id;
    std::string title;
    std::string description;
    std::string axis_label;  // "Thigh angle (°)"
    double start = 0;
    double width = 1;
    std::vector<std::uint64_t> counts;
    std::vector<double> cutoffs;
    std::vector<Region> regions;
};

std::string histogram_svg(const Histogram& histogram);

// One measure over a patient's visits (the follow-up report): the values joined in date order,
// the cut-off, the borderline band, the band of ± MDC around the baseline (first visit), and
// each change from the visit before marked by how it was classified.
enum class Change : std::uint8_t { none, improved, worse, no_reliable_change };
struct SeriesPoint {
    std::string date;  // shown as written (ISO YYYY-MM-DD)
    double value = 0;
    Change change = Change::none;  // against the visit before; none for the first
};
struct Series {
    std::string id;
    std::string title;
    std::string description;
    std::string axis_label;
    std::vector<SeriesPoint> points;
    std::optional<double> cutoff;
    std::vector<std::pair<double, double>> borderline;  // value ranges
    std::optional<double> mdc;                          // the band baseline ± mdc
};

std::string series_svg(const Series& series);

}  // namespace thomas::svg
