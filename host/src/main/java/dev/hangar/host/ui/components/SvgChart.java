package dev.hangar.host.ui.components;

import com.vaadin.flow.component.html.Div;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart drawn as inline SVG. Flow's client creates elements without a namespace, so an
 * {@code <svg>} built with the Element API would not draw; the chart therefore sets its markup as one
 * string. That string is made here from numbers and fixed names only: no text from a VM, a plugin or a
 * user can reach it, and the chart's caption is set as an attribute, which is text.
 */
public final class SvgChart extends Div {
    static final int WIDTH = 300;
    static final int HEIGHT = 80;

    /** One point: seconds on the x axis, a value between 0 and the chart's maximum on the y axis. */
    public record Point(double x, double y) {
    }

    private String markup = "";

    public SvgChart(String caption) {
        addClassName("svg-chart");
        getElement().setAttribute("role", "img");
        getElement().setAttribute("aria-label", caption);
    }

    /**
     * Draws the points over the x range {@code [from, to]} and the y range {@code [0, max]}, with grid
     * lines at a quarter, half and three quarters.
     */
    public void show(List<Point> points, double from, double to, double max) {
        StringBuilder svg = new StringBuilder(256 + points.size() * 16);
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("' preserveAspectRatio='none' width='100%' height='100%'>");
        for (int quarter = 1; quarter < 4; quarter++) {
            String y = number(HEIGHT * quarter / 4.0);
            svg.append("<line class='grid' x1='0' x2='").append(WIDTH).append("' y1='").append(y)
                    .append("' y2='").append(y).append("'/>");
        }
        if (!points.isEmpty()) {
            double span = Math.max(to - from, 1e-9);
            double top = Math.max(max, 1e-9);
            StringBuilder line = new StringBuilder();
            for (Point point : points) {
                double y = HEIGHT - Math.max(0, Math.min(point.y(), top)) / top * HEIGHT;
                line.append(number((point.x() - from) / span * WIDTH)).append(',').append(number(y)).append(' ');
            }
            String first = number((points.get(0).x() - from) / span * WIDTH);
            String last = number((points.get(points.size() - 1).x() - from) / span * WIDTH);
            // The area under the line closes along the bottom edge, between the first and last point.
            svg.append("<polygon class='area' points='").append(first).append(',').append(HEIGHT).append(' ')
                    .append(line).append(last).append(',').append(HEIGHT).append("'/>");
            svg.append("<polyline class='line' points='").append(line.toString().trim()).append("'/>");
        }
        svg.append("</svg>");
        markup = svg.toString();
        getElement().setProperty("innerHTML", markup);
    }

    /** The markup last drawn, for tests and the curious. */
    public String markup() {
        return markup;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
