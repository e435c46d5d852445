// Charts of `thomas report`: a measure's distribution over a caseload, and a measure over one
// patient's visits. Both are drawn from aggregates (one bar per bin, one mark per visit), so a
// chart's size does not depend on how many rows fed it.
#include "thomas/svg_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "markup.h"
#include "svg_parts.h"

namespace thomas::svg {

using markup::escape;
using markup::num;

std::string_view status_colour(Status status) {
    switch (status) {
        case Status::pass:
            return k_pass_colour;
        case Status::borderline:
            return k_borderline_colour;
        case Status::fail:
            return k_fail_colour;
        case Status::not_measured:
            break;
    }
    return k_table_colour;
}

std::string hatch_pattern(std::string_view prefix) {
    return fmt::format(
        R"~(<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" )~"
        R"~(patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{}" )~"
        R"~(stroke-width="1.5"/></pattern></defs>)~"
        "\n",
        prefix, k_ink);
}

namespace {

// Chart size in SVG units; the page scales it to its column.
constexpr double k_width = 600;
constexpr double k_plot_left = 52;
constexpr double k_plot_right = 588;

// A step of 1, 2 or 5 times a power of ten giving at most `ticks` intervals over `span`.
double nice_step(double span, int ticks) {
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw) {
            return m * power;
        }
    }
    return 10 * power;
}

struct Axis {
    double lo = 0;
    double hi = 1;
    double px_lo = 0;
    double px_hi = 1;
    double at(double v) const { return px_lo + (v - lo) / (hi - lo) * (px_hi - px_lo); }
};

std::string open_svg(const std::string& id, double height, const std::string& title,
                     const std::string& description, std::string_view cls) {
    std::string out = fmt::format(
        R"~(<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" role="img" )~"
        R"~(aria-labelledby="{}-title {}-desc" font-family="sans-serif">)~"
        "\n",
        cls, num(k_width), num(height), id, id);
    out += fmt::format(R"~(<title id="{}-title">{}</title>)~"
                       "\n"
                       R"~(<desc id="{}-desc">{}</desc>)~"
                       "\n",
                       id, escape(title), id, escape(description));
    out += hatch_pattern(id);
    return out;
}

// A horizontal value band across the plot (y axis), hatched when borderline.
void value_band(std::string& out, const Axis& y, double from, double to, std::string_view fill,
                double opacity, bool hatched, const std::string& id) {
    const double top = y.at(std::max(from, to));
    const double bottom = y.at(std::min(from, to));
    out += fmt::format(R"~(<rect x="{}" y="{}" width="{}" height="{}" fill="{}" )~"
                       R"~(fill-opacity="{}"/>)~",
                       num(k_plot_left), num(top), num(k_plot_right - k_plot_left),
                       num(bottom - top), fill, num(opacity));
    if (hatched) {
        out += fmt::format(R"~(<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-hatch)" )~"
                           R"~(fill-opacity="0.5"/>)~",
                           num(k_plot_left), num(top), num(k_plot_right - k_plot_left),
                           num(bottom - top), id);
    }
    out += '\n';
}

std::string_view status_word(Status s) {
    return s == Status::fail ? "fail" : s == Status::borderline ? "borderline" : "pass";
}

}  // namespace

std::string histogram_svg(const Histogram& h) {
    constexpr double height = 230;
    constexpr double plot_top = 30;
    constexpr double plot_bottom = 180;
    const double end = h.start + h.width * static_cast<double>(h.counts.size());
    const Axis x{h.start, end > h.start ? end : h.start + 1, k_plot_left, k_plot_right};
    std::uint64_t most = 1;
    for (const auto c : h.counts) {
        most = std::max(most, c);
    }
    const Axis y{0, static_cast<double>(most), plot_bottom, plot_top};

    std::string out = open_svg(h.id, height, h.title, h.description, "histogram");
    // Status regions behind the bars, each named at its top: status is never colour alone.
    for (const Region& r : h.regions) {
        const double from = std::clamp(r.from, x.lo, x.hi);
        const double to = std::clamp(r.to, x.lo, x.hi);
        if (to <= from) {
            continue;
        }
        out += fmt::format(R"~(<rect class="region-{}" x="{}" y="{}" width="{}" height="{}" )~"
                           R"~(fill="{}" fill-opacity="0.18"/>)~",
                           status_word(r.status), num(x.at(from)), num(plot_top),
                           num(x.at(to) - x.at(from)), num(plot_bottom - plot_top),
                           status_colour(r.status));
        if (r.status == Status::borderline) {
            out += fmt::format(R"~(<rect x="{}" y="{}" width="{}" height="{}" )~"
                               R"~(fill="url(#{}-hatch)" fill-opacity="0.35"/>)~",
                               num(x.at(from)), num(plot_top), num(x.at(to) - x.at(from)),
                               num(plot_bottom - plot_top), h.id);
        }
        // The word only where it fits (about 6 units a character).
        const std::string_view word = status_word(r.status);
        if (x.at(to) - x.at(from) >= 6.5 * static_cast<double>(word.size())) {
            out += fmt::format(R"~(<text x="{}" y="{}" font-size="11" text-anchor="middle" )~"
                               R"~(fill="{}">{}</text>)~",
                               num((x.at(from) + x.at(to)) / 2), num(plot_top - 6), k_ink, word);
        }
        out += '\n';
    }
    // One bar per bin.
    const double bar = (k_plot_right - k_plot_left) / static_cast<double>(h.counts.size());
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        if (h.counts[i] == 0) {
            continue;
        }
        const double top = y.at(static_cast<double>(h.counts[i]));
        out += fmt::format(R"~(<rect class="bin" x="{}" y="{}" width="{}" height="{}" )~"
                           R"~(fill="{}"><title>{} to {}: {}</title></rect>)~",
                           num(k_plot_left + bar * static_cast<double>(i) + 0.5), num(top),
                           num(std::max(bar - 1.0, 0.5)), num(plot_bottom - top), k_leg_colour,
                           num(h.start + h.width * static_cast<double>(i)),
                           num(h.start + h.width * static_cast<double>(i + 1)), h.counts[i]);
        out += '\n';
    }
    for (const double c : h.cutoffs) {
        if (c < x.lo || c > x.hi) {
            continue;
        }
        out += fmt::format(R"~(<line class="cutoff" x1="{0}" y1="{1}" x2="{0}" y2="{2}" )~"
                           R"~(stroke="{3}" stroke-width="2" stroke-dasharray="6 4"/>)~"
                           R"~(<text x="{0}" y="{4}" font-size="11" text-anchor="middle" )~"
                           R"~(fill="{3}">cut-off {5}</text>)~"
                           "\n",
                           num(x.at(c)), num(plot_top), num(plot_bottom), k_ink, num(plot_top - 18),
                           num(c));
    }
    // Axes: ticks on x, the largest count on y.
    out +=
        fmt::format(R"~(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)~"
                    "\n",
                    num(k_plot_left), num(plot_bottom), num(k_plot_right), num(plot_bottom), k_ink);
    const double step = nice_step(x.hi - x.lo, 8);
    // An integer counter: adding `step` to a double would drift.
    const double first_x = std::ceil(x.lo / step);
    for (int i = 0; (first_x + i) * step <= x.hi + 1e-9; ++i) {
        const double t = (first_x + i) * step;
        out += fmt::format(R"~(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>)~"
                           R"~(<text x="{0}" y="{4}" font-size="11" text-anchor="middle" )~"
                           R"~(fill="{3}">{5}</text>)~"
                           "\n",
                           num(x.at(t)), num(plot_bottom), num(plot_bottom + 4), k_ink,
                           num(plot_bottom + 17), num(t));
    }
    out +=
        fmt::format(R"~(<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>)~"
                    R"~(<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">0</text>)~"
                    "\n",
                    num(k_plot_left - 6), num(plot_top + 4), k_ink, most, num(k_plot_left - 6),
                    num(plot_bottom), k_ink);
    out += fmt::format(R"~(<text x="{}" y="{}" font-size="12" text-anchor="middle" )~"
                       R"~(fill="{}">{}</text>)~"
                       "\n",
                       num((k_plot_left + k_plot_right) / 2), num(height - 8), k_ink,
                       escape(h.axis_label));
    out += "</svg>\n";
    return out;
}

std::string series_svg(const Series& s) {
    constexpr double height = 250;
    constexpr double plot_top = 20;
    constexpr double plot_bottom = 190;
    double lo = 0;
    double hi = 0;
    bool any = false;
    const auto include = [&](double v) {
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
    };
    for (const auto& p : s.points) {
        include(p.value);
    }
    if (s.cutoff) {
        include(*s.cutoff);
    }
    for (const auto& [a, b] : s.borderline) {
        include(a);
        include(b);
    }
    if (s.mdc && !s.points.empty()) {
        include(s.points.front().value - *s.mdc);
        include(s.points.front().value + *s.mdc);
    }
    const double pad = std::max(2.0, (hi - lo) * 0.08);
    const Axis y{lo - pad, hi + pad, plot_bottom, plot_top};
    const std::size_t n = s.points.size();
    const auto x_at = [&](std::size_t i) {
        constexpr double inset = 40;
        return n <= 1 ? (k_plot_left + k_plot_right) / 2
                      : k_plot_left + inset +
                            (k_plot_right - k_plot_left - 2 * inset) * static_cast<double>(i) /
                                static_cast<double>(n - 1);
    };

    // The band and cut-off labels sit midway between two visits, clear of the values written
    // above each visit's mark.
    const double first_gap = n >= 2 ? (x_at(0) + x_at(1)) / 2 : k_plot_left + 30;
    const double last_gap = n >= 2 ? (x_at(n - 2) + x_at(n - 1)) / 2 : k_plot_right - 30;
    std::string out = open_svg(s.id, height, s.title, s.description, "series");
    if (s.mdc && !s.points.empty()) {
        const double base = s.points.front().value;
        value_band(out, y, base - *s.mdc, base + *s.mdc, k_mdc_colour, 0.25, false, s.id);
        out += fmt::format(R"~(<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">)~"
                           R"~(baseline ± MDC {}</text>)~"
                           "\n",
                           num(last_gap), num(y.at(base + *s.mdc) + 12), k_ink, num(*s.mdc));
    }
    for (const auto& [a, b] : s.borderline) {
        value_band(out, y, a, b, k_borderline_colour, 0.3, true, s.id);
    }
    if (s.cutoff) {
        out += fmt::format(R"~(<line class="cutoff" x1="{0}" y1="{2}" x2="{1}" y2="{2}" )~"
                           R"~(stroke="{3}" stroke-width="2" stroke-dasharray="6 4"/>)~"
                           R"~(<text x="{4}" y="{5}" font-size="11" text-anchor="middle" )~"
                           R"~(fill="{3}">cut-off {6}</text>)~"
                           "\n",
                           num(k_plot_left), num(k_plot_right), num(y.at(*s.cutoff)), k_ink,
                           num(first_gap), num(y.at(*s.cutoff) - 4), num(*s.cutoff));
    }
    // Axes: value ticks on y, the visit dates on x.
    out += fmt::format(R"~(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>)~"
                       "\n",
                       num(k_plot_left), num(plot_top), num(plot_bottom), k_ink);
    const double step = nice_step(y.hi - y.lo, 6);
    const double first_y = std::ceil(y.lo / step);
    for (int i = 0; (first_y + i) * step <= y.hi + 1e-9; ++i) {
        const double t = (first_y + i) * step;
        out += fmt::format(R"~(<text x="{}" y="{}" font-size="11" text-anchor="end" )~"
                           R"~(fill="{}">{}</text>)~"
                           "\n",
                           num(k_plot_left - 6), num(y.at(t) + 4), k_ink, num(t));
    }
    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
        line +=
            fmt::format("{}{} {}", i == 0 ? "M" : " L", num(x_at(i)), num(y.at(s.points[i].value)));
    }
    if (n > 1) {
        out += fmt::format(R"~(<path class="values" d="{}" fill="none" stroke="{}" )~"
                           R"~(stroke-width="2.5"/>)~"
                           "\n",
                           line, k_leg_colour);
    }
    // Each visit: a mark whose shape says how it changed, the value, the words, the date.
    for (std::size_t i = 0; i < n; ++i) {
        const SeriesPoint& p = s.points[i];
        const double px = x_at(i);
        const double py = y.at(p.value);
        std::string_view words;
        switch (p.change) {
            case Change::none:  // baseline: a diamond
                out +=
                    fmt::format(R"~(<path class="mark-baseline" d="M{0} {1} l7 7 l-7 7 l-7 -7 Z" )~"
                                R"~(fill="#ffffff" stroke="{2}" stroke-width="2"/>)~",
                                num(px), num(py - 7), k_ink);
                words = "baseline";
                break;
            case Change::improved:  // an upward triangle
                out += fmt::format(R"~(<path class="mark-improved" d="M{0} {1} l7 12 l-14 0 Z" )~"
                                   R"~(fill="{2}" stroke="{3}"/>)~",
                                   num(px), num(py - 7), k_pass_colour, k_ink);
                words = "improved";
                break;
            case Change::worse:  // a square
                out += fmt::format(R"~(<rect class="mark-worse" x="{}" y="{}" width="12" )~"
                                   R"~(height="12" fill="{}" stroke="{}"/>)~",
                                   num(px - 6), num(py - 6), k_fail_colour, k_ink);
                words = "worse";
                break;
            case Change::no_reliable_change:  // an open circle
                out += fmt::format(R"~(<circle class="mark-same" cx="{}" cy="{}" r="6" )~"
                                   R"~(fill="#ffffff" stroke="{}" stroke-width="2"/>)~",
                                   num(px), num(py), k_ink);
                words = "no reliable change";
                break;
        }
        out += fmt::format(R"~(<text x="{0}" y="{1}" font-size="11" text-anchor="middle" )~"
                           R"~(fill="{2}">{3}</text>)~"
                           R"~(<text x="{0}" y="{4}" font-size="11" text-anchor="middle" )~"
                           R"~(fill="{2}">{5}</text>)~"
                           R"~(<text x="{0}" y="{6}" font-size="10" text-anchor="middle" )~"
                           R"~(fill="{2}">{7}</text>)~"
                           "\n",
                           num(px), num(py - 12), k_ink, num(p.value), num(plot_bottom + 18),
                           escape(p.date), num(plot_bottom + 32), words);
    }
    out += fmt::format(R"~(<text x="{}" y="{}" font-size="12" text-anchor="middle" )~"
                       R"~(transform="rotate(-90 {} {})" fill="{}">{}</text>)~"
                       "\n",
                       num(14), num((plot_top + plot_bottom) / 2), num(14),
                       num((plot_top + plot_bottom) / 2), k_ink, escape(s.axis_label));
    out += "</svg>\n";
    return out;
}

}  // namespace thomas::svg
