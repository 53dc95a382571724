#include "nodes/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ngn::nodes::svg {

namespace {

// The drawing area of every plot, in SVG user units (the plot scales to the page's width).
constexpr double width = 1160, height = 330;
constexpr double left = 84, right = 24, top = 44, bottom = 58;
constexpr double plot_w = width - left - right, plot_h = height - top - bottom;

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

/// A tick label: no trailing zeros, thousands as k/M.
std::string tick_label(double v) {
  char b[32];
  const double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(b, sizeof b, "%gM", v / 1e6);
  else if (a >= 1e4) std::snprintf(b, sizeof b, "%gk", v / 1e3);
  else std::snprintf(b, sizeof b, "%g", v);
  return b;
}

/// A "nice" tick step (1, 2 or 5 × 10^k) for about `n` ticks over [0, max].
double nice_step(double max, int n) {
  if (max <= 0) return 1;
  const double raw = max / n;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

std::string open(std::string_view id, std::string_view title) {
  std::string s = "<svg class=\"plot\" data-plot=\"" + escape(id) + "\" viewBox=\"0 0 "
                  + num(width) + " " + num(height)
                  + "\" role=\"img\" aria-label=\""
                  + escape(title) + "\">\n";
  s += "<text class=\"title\" x=\"" + num(left) + "\" y=\"24\">" + escape(title) + "</text>\n";
  return s;
}

std::string axis_labels(std::string_view x_label, std::string_view y_label) {
  std::string s = "<text class=\"axis-label\" x=\"" + num(left + plot_w / 2) + "\" y=\""
                  + num(height - 12) + "\" text-anchor=\"middle\">" + escape(x_label) + "</text>\n";
  s += "<text class=\"axis-label\" transform=\"translate(18," + num(top + plot_h / 2)
       + ") rotate(-90)\" text-anchor=\"middle\">" + escape(y_label) + "</text>\n";
  s += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\""
       + num(left + plot_w) + "\" y2=\"" + num(top + plot_h) + "\"/>\n";
  s += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left)
       + "\" y2=\"" + num(top + plot_h) + "\"/>\n";
  return s;
}

/// Horizontal grid lines and labels for y in [0, max]; returns the axis maximum used.
double y_axis(std::string& s, double max) {
  const double step = nice_step(max, 5);
  const double top_value = std::max(step, std::ceil(max / step) * step);
  for (double v = 0; v <= top_value + step / 2; v += step) {
    const double y = top + plot_h - v / top_value * plot_h;
    s += "<line class=\"grid\" x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\""
         + num(left + plot_w) + "\" y2=\"" + num(y) + "\"/>\n";
    s += "<text class=\"tick\" x=\"" + num(left - 6) + "\" y=\"" + num(y + 4)
         + "\" text-anchor=\"end\">" + tick_label(v) + "</text>\n";
  }
  return top_value;
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string s;
  double x = left + plot_w;
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    x -= 24 + 7.5 * static_cast<double>(it->first.size());
    s += "<rect x=\"" + num(x) + "\" y=\"14\" width=\"12\" height=\"12\" fill=\""
         + escape(it->second) + "\"/>";
    s += "<text class=\"legend\" x=\"" + num(x + 16) + "\" y=\"24\">" + escape(it->first)
         + "</text>\n";
  }
  return s;
}

std::string no_data() {
  return "<text class=\"no-data\" x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(top + plot_h / 2)
         + "\" text-anchor=\"middle\">no data</text>\n";
}

} // namespace

std::string escape(std::string_view in) {
  std::string s;
  s.reserve(in.size());
  for (char c : in) switch (c) {
      case '&': s += "&amp;"; break;
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '"': s += "&quot;"; break;
      case '\'': s += "&#39;"; break;
      default: s += c;
    }
  return s;
}

std::string line_plot(std::string_view id, std::string_view title, std::string_view x_label,
                      std::string_view y_label, const std::vector<line>& lines) {
  std::string s = open(id, title);
  double x_min = 0, x_max = 0, y_max = 0;
  bool any = false;
  for (const auto& l : lines)
    for (const auto& [x, y] : l.points) {
      if (!any) x_min = x_max = x;
      any = true;
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
      y_max = std::max(y_max, y);
    }
  if (x_min > 0) x_min = 0;
  if (x_max <= x_min) x_max = x_min + 1;
  const double y_top = y_axis(s, y_max);
  const double x_step = nice_step(x_max - x_min, 10);
  for (double v = std::ceil(x_min / x_step) * x_step; v <= x_max + x_step / 1e6; v += x_step) {
    const double x = left + (v - x_min) / (x_max - x_min) * plot_w;
    s += "<text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(top + plot_h + 18)
         + "\" text-anchor=\"middle\">" + tick_label(v) + "</text>\n";
  }
  s += axis_labels(x_label, y_label);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& l : lines) {
    keys.emplace_back(l.label, l.color);
    if (l.points.empty()) continue;
    std::string path;
    for (const auto& [x, y] : l.points) {
      path += path.empty() ? "M" : " L";
      path += num(left + (x - x_min) / (x_max - x_min) * plot_w) + ","
              + num(top + plot_h - y / y_top * plot_h);
    }
    s += "<path class=\"series\" d=\"" + path + "\" stroke=\"" + escape(l.color) + "\""
         + (l.dashed ? " stroke-dasharray=\"9 6\"" : "") + "/>\n";
    if (l.points.size() == 1) // a single second: a dot, or nothing would show
      s += "<circle cx=\"" + num(left + (l.points[0].first - x_min) / (x_max - x_min) * plot_w)
           + "\" cy=\"" + num(top + plot_h - l.points[0].second / y_top * plot_h)
           + "\" r=\"4\" fill=\"" + escape(l.color) + "\"/>\n";
  }
  s += legend(keys);
  if (!any) s += no_data();
  return s + "</svg>\n";
}

std::string bar_plot(std::string_view id, std::string_view title, std::string_view y_label,
                     const std::vector<std::string>& categories,
                     const std::vector<bar_series>& series) {
  std::string s = open(id, title);
  double y_max = 0;
  for (const auto& b : series)
    for (double v : b.values) y_max = std::max(y_max, v);
  const double y_top = y_axis(s, y_max);
  s += axis_labels("", y_label);
  const auto n = std::max<std::size_t>(categories.size(), 1);
  const double slot = plot_w / static_cast<double>(n);
  const double bar_w = std::min(60.0, slot * 0.8 / static_cast<double>(std::max<std::size_t>(series.size(), 1)));
  std::vector<std::pair<std::string, std::string>> keys;
  for (std::size_t k = 0; k < series.size(); ++k) {
    keys.emplace_back(series[k].label, series[k].color);
    for (std::size_t c = 0; c < categories.size() && c < series[k].values.size(); ++c) {
      const double v = series[k].values[c];
      const double h = v / y_top * plot_h;
      const double x = left + slot * (static_cast<double>(c) + 0.5)
                       - bar_w * static_cast<double>(series.size()) / 2
                       + bar_w * static_cast<double>(k);
      s += "<rect class=\"bar\" x=\"" + num(x) + "\" y=\"" + num(top + plot_h - h) + "\" width=\""
           + num(bar_w - 2) + "\" height=\"" + num(h) + "\" fill=\"" + escape(series[k].color)
           + "\"><title>" + escape(categories[c]) + " " + escape(series[k].label) + ": "
           + tick_label(v) + "</title></rect>\n";
      if (v > 0)
        s += "<text class=\"value\" x=\"" + num(x + bar_w / 2 - 1) + "\" y=\"" + num(top + plot_h - h - 4)
             + "\" text-anchor=\"middle\">" + tick_label(v) + "</text>\n";
    }
  }
  for (std::size_t c = 0; c < categories.size(); ++c) {
    std::string label = categories[c];
    // Long labels (failure reasons) are cut to the slot: the table has them whole.
    const auto fit = static_cast<std::size_t>(std::max(6.0, slot / 7.0));
    if (label.size() > fit) label = label.substr(0, fit - 1) + "…";
    s += "<text class=\"tick\" x=\"" + num(left + slot * (static_cast<double>(c) + 0.5)) + "\" y=\""
         + num(top + plot_h + 18) + "\" text-anchor=\"middle\">" + escape(label) + "</text>\n";
  }
  s += legend(keys);
  if (categories.empty() || y_max <= 0) s += no_data();
  return s + "</svg>\n";
}

std::string histogram_plot(std::string_view id, std::string_view title, std::string_view x_label,
                           std::string_view y_label, const std::vector<bucket>& buckets) {
  std::string s = open(id, title);
  double lo = 0, hi = 0, y_max = 0;
  for (const auto& b : buckets) {
    if (b.low <= 0 || b.count <= 0) continue;
    lo = lo == 0 ? b.low : std::min(lo, b.low);
    hi = std::max(hi, b.high);
    y_max = std::max(y_max, b.count);
  }
  // Whole decades around the values.
  const double d0 = lo > 0 ? std::floor(std::log10(lo)) : 0;
  double d1 = hi > 0 ? std::ceil(std::log10(hi)) : 1;
  if (d1 <= d0) d1 = d0 + 1;
  auto xpos = [&](double v) { return left + (std::log10(v) - d0) / (d1 - d0) * plot_w; };
  const double y_top = y_axis(s, y_max);
  for (double d = d0; d <= d1 + 1e-9; d += 1) {
    const double x = left + (d - d0) / (d1 - d0) * plot_w;
    s += "<line class=\"grid\" x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x)
         + "\" y2=\"" + num(top + plot_h) + "\"/>\n";
    s += "<text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(top + plot_h + 18)
         + "\" text-anchor=\"middle\">" + tick_label(std::pow(10, d)) + "</text>\n";
  }
  s += axis_labels(x_label, y_label);
  for (const auto& b : buckets) {
    if (b.low <= 0 || b.count <= 0) continue;
    const double x0 = xpos(b.low), x1 = std::max(xpos(b.high), x0 + 1.5);
    const double h = b.count / y_top * plot_h;
    s += "<rect class=\"bar\" x=\"" + num(x0) + "\" y=\"" + num(top + plot_h - h) + "\" width=\""
         + num(x1 - x0) + "\" height=\"" + num(h) + "\" fill=\"#3b6fb6\"><title>"
         + tick_label(b.low) + "–" + tick_label(b.high) + ": " + tick_label(b.count)
         + "</title></rect>\n";
  }
  if (y_max <= 0) s += no_data();
  return s + "</svg>\n";
}

} // namespace ngn::nodes::svg
