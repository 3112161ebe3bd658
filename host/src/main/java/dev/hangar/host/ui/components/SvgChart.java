package dev.hangar.host.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart: the plot drawn as inline SVG, with a value scale on its left and times below.
 * Flow's client creates elements without a namespace, so an {@code <svg>} built with the Element API
 * would not draw; the plot therefore sets its markup as one string. That string is made here from
 * numbers and fixed names only: no text from a VM, a plugin or a user can reach it. The axes' labels
 * are components of their own, set as text (and they do not stretch with the plot).
 */
public final class SvgChart extends Div {
    static final int WIDTH = 300;
    static final int HEIGHT = 80;

    /** One point: x in the chart's own unit (e.g. epoch milliseconds), y between 0 and the chart's maximum. */
    public record Point(double x, double y) {
    }

    /** A mark on an axis: where (in that axis's unit) and its label. */
    public record Tick(double at, String label) {
    }

    private final Div plot = new Div();
    private final Div yAxis = new Div();
    private final Div xAxis = new Div();
    private String markup = "";

    public SvgChart(String caption) {
        addClassName("svg-chart");
        plot.addClassName("chart-plot");
        plot.getElement().setAttribute("role", "img");
        plot.getElement().setAttribute("aria-label", caption);
        yAxis.addClassName("chart-y-axis");
        xAxis.addClassName("chart-x-axis");
        yAxis.getElement().setAttribute("aria-hidden", "true");
        xAxis.getElement().setAttribute("aria-hidden", "true");
        add(yAxis, plot, xAxis);
    }

    /**
     * Draws the points over the x range {@code [from, to]} and the y range {@code [0, max]}, with a
     * grid line and a label at each tick.
     */
    public void show(List<Point> points, double from, double to, double max, List<Tick> xTicks, List<Tick> yTicks) {
        double span = Math.max(to - from, 1e-9);
        double top = Math.max(max, 1e-9);
        StringBuilder svg = new StringBuilder(256 + points.size() * 16);
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("' preserveAspectRatio='none' width='100%' height='100%'>");
        for (Tick tick : yTicks) {
            String y = number(y(tick.at(), top));
            svg.append("<line class='grid' x1='0' x2='").append(WIDTH).append("' y1='").append(y)
                    .append("' y2='").append(y).append("'/>");
        }
        for (Tick tick : xTicks) {
            String x = number(x(tick.at(), from, span));
            svg.append("<line class='grid' x1='").append(x).append("' x2='").append(x).append("' y1='0' y2='")
                    .append(HEIGHT).append("'/>");
        }
        if (!points.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (Point point : points) {
                line.append(number(x(point.x(), from, span))).append(',').append(number(y(point.y(), top))).append(' ');
            }
            String first = number(x(points.get(0).x(), from, span));
            String last = number(x(points.get(points.size() - 1).x(), from, span));
            // The area under the line closes along the bottom edge, between the first and last point.
            svg.append("<polygon class='area' points='").append(first).append(',').append(HEIGHT).append(' ')
                    .append(line).append(last).append(',').append(HEIGHT).append("'/>");
            svg.append("<polyline class='line' points='").append(line.toString().trim()).append("'/>");
        }
        svg.append("</svg>");
        markup = svg.toString();
        plot.getElement().setProperty("innerHTML", markup);

        yAxis.removeAll();
        for (Tick tick : yTicks) {
            yAxis.add(label(tick.label(), "bottom", Math.max(0, Math.min(tick.at(), top)) / top));
        }
        xAxis.removeAll();
        for (Tick tick : xTicks) {
            xAxis.add(label(tick.label(), "left", (tick.at() - from) / span));
        }
    }

    private static Span label(String text, String side, double fraction) {
        Span label = new Span(text);
        label.addClassName("chart-label");
        label.getStyle().set(side, String.format(Locale.ROOT, "%.2f%%", fraction * 100));
        return label;
    }

    private static double x(double x, double from, double span) {
        return (x - from) / span * WIDTH;
    }

    private static double y(double y, double top) {
        return HEIGHT - Math.max(0, Math.min(y, top)) / top * HEIGHT;
    }

    /** The plot's markup last drawn, for tests and the curious. */
    public String markup() {
        return markup;
    }

    /** The labels of the value scale, bottom to top, and of the times, left to right. */
    public List<String> labels() {
        return java.util.stream.Stream.concat(yAxis.getChildren(), xAxis.getChildren())
                .map(c -> ((Span) c).getText()).toList();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
