// The hanging leg as SVG, on the geometry the terminal diagram uses (leg_geometry.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "markup.h"
#include "svg_parts.h"
#include "thomas/leg_geometry.h"
#include "thomas/svg_charts.h"

namespace thomas::svg {
namespace {

using geometry::Point;
using markup::num;

constexpr double k_table_units = 120;  // the table drawn to the left of the hip
constexpr double k_table_depth = 14;
constexpr double k_thigh_guide_units = 150;
constexpr double k_shank_guide_units = 115;
constexpr double k_margin = 12;
// Every ordinary pose fits this frame (drawing units, y up), so two legs drawn side by side
// share one scale; an extreme pose widens its own frame instead of leaving it.
constexpr double k_frame_left = -125;
constexpr double k_frame_right = 235;
constexpr double k_frame_bottom = -140;
constexpr double k_frame_top = 30;

struct Frame {
    double left = k_frame_left;
    double right = k_frame_right;
    double bottom = k_frame_bottom;
    double top = k_frame_top;
    void include(Point p, double pad) {
        left = std::min(left, p.x - pad);
        right = std::max(right, p.x + pad);
        bottom = std::min(bottom, p.y - pad);
        top = std::max(top, p.y + pad);
    }
};

// SVG's y axis points down.
std::string xy(Point p) {
    return fmt::format("{} {}", num(p.x), num(-p.y));
}

// A wedge of radius `r` at `centre` between two directions, as a path.
std::string wedge(Point centre, double from, double to, double r) {
    const double lo = std::min(from, to);
    const double hi = std::max(from, to);
    const Point a = geometry::end_point(centre, lo, r);
    const Point b = geometry::end_point(centre, hi, r);
    // Counter-clockwise on screen from lo to hi: sweep flag 0.
    return fmt::format("M{} L{} A{} {} 0 {} 0 {} Z", xy(centre), xy(a), num(r), num(r),
                       hi - lo > 180 ? 1 : 0, xy(b));
}

void draw_guide(std::string& out, Frame& frame, const std::string& id, Point from,
                const AngleGuide& guide, double length) {
    for (const auto& [lo, hi] : guide.borderline) {
        out += fmt::format(
            R"~(<path class="band" d="{}" fill="{}" fill-opacity="0.35" stroke="none"/>)~"
            R"~(<path d="{}" fill="url(#{}-hatch)" stroke="none"/>)~",
            wedge(from, lo, hi, length), k_borderline_colour, wedge(from, lo, hi, length), id);
        out += '\n';
        frame.include(geometry::end_point(from, lo, length), 4);
        frame.include(geometry::end_point(from, hi, length), 4);
    }
    if (guide.cutoff) {
        const Point end = geometry::end_point(from, *guide.cutoff, length);
        out += fmt::format(R"~(<line class="cutoff" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" )~"
                           R"~(stroke-width="2" stroke-dasharray="6 4"/>)~",
                           num(from.x), num(-from.y), num(end.x), num(-end.y), k_ink);
        out += '\n';
        frame.include(end, 4);
        if (!guide.label.empty()) {
            // The label continues the line, on the side away from the joint.
            const Point at = geometry::end_point(from, *guide.cutoff, length + 6);
            const bool leftwards = at.x < from.x - 1;
            out += fmt::format(R"~(<text x="{}" y="{}" font-size="11" text-anchor="{}" )~"
                               R"~(dominant-baseline="middle" fill="{}">{}</text>)~",
                               num(at.x), num(-at.y), leftwards ? "end" : "start", k_ink,
                               markup::escape(guide.label));
            out += '\n';
            // About 6 units a character at this size.
            const double width = 6.0 * static_cast<double>(guide.label.size());
            frame.include({leftwards ? at.x - width : at.x + width, at.y}, 4);
        }
    }
}

}  // namespace

std::string leg_svg(const LegFigure& f) {
    const geometry::LegPose pose =
        geometry::leg_pose(f.thigh_angle, f.knee_flexion, k_thigh_units, k_shank_units);
    Frame frame;
    std::string body;
    // The table, the hip at its edge.
    body += fmt::format(
        R"~(<rect class="table" x="{}" y="0" width="{}" height="{}" fill="{}" stroke="{}"/>)~",
        num(-k_table_units), num(k_table_units), num(k_table_depth), k_table_colour, k_ink);
    body += '\n';
    body += fmt::format(R"~(<text x="{}" y="{}" font-size="11" fill="{}">table</text>)~",
                        num(-k_table_units + 6), num(k_table_depth + 14), k_ink);
    body += '\n';
    frame.include({-k_table_units, -k_table_depth - 18}, 2);
    if (f.thigh_guide) {
        draw_guide(body, frame, f.id, pose.hip, *f.thigh_guide, k_thigh_guide_units);
    }
    if (pose.knee && f.shank_guide && pose.foot) {
        draw_guide(body, frame, f.id, *pose.knee, *f.shank_guide, k_shank_guide_units);
    }
    if (pose.knee) {
        body += fmt::format(R"~(<line class="thigh" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" )~"
                            R"~(stroke-width="9" stroke-linecap="round"/>)~",
                            num(pose.hip.x), num(-pose.hip.y), num(pose.knee->x),
                            num(-pose.knee->y), k_leg_colour);
        body += '\n';
        frame.include(*pose.knee, k_margin);
        if (pose.foot) {
            body +=
                fmt::format(R"~(<line class="shank" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" )~"
                            R"~(stroke-width="8" stroke-linecap="round"/>)~",
                            num(pose.knee->x), num(-pose.knee->y), num(pose.foot->x),
                            num(-pose.foot->y), k_leg_colour);
            body += '\n';
            frame.include(*pose.foot, k_margin);
        }
        body += fmt::format(
            R"~(<circle class="knee" cx="{}" cy="{}" r="6" fill="#ffffff" stroke="{}" )~"
            R"~(stroke-width="2.5"/>)~",
            num(pose.knee->x), num(-pose.knee->y), k_ink);
        body += '\n';
    }
    body += fmt::format(
        R"~(<circle class="hip" cx="0" cy="0" r="7" fill="#ffffff" stroke="{}" stroke-width="2.5"/>)~",
        k_ink);
    body += '\n';

    const double width = frame.right - frame.left;
    const double height = frame.top - frame.bottom;
    std::string out = fmt::format(
        R"~(<svg xmlns="http://www.w3.org/2000/svg" class="leg" viewBox="{} {} {} {}" )~"
        R"~(role="img" aria-labelledby="{}-title {}-desc" font-family="sans-serif">)~"
        "\n",
        num(frame.left), num(-frame.top), num(width), num(height), f.id, f.id);
    out += fmt::format(R"~(<title id="{}-title">{}</title>)~"
                       "\n"
                       R"~(<desc id="{}-desc">{}</desc>)~"
                       "\n",
                       f.id, markup::escape(f.title), f.id, markup::escape(f.description));
    out += hatch_pattern(f.id);
    out += body;
    out += "</svg>\n";
    return out;
}

}  // namespace thomas::svg
