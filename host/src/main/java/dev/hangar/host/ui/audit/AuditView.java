package dev.hangar.host.ui.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.function.SerializableFunction;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.host.ui.components.Formats;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The last entries of the audit log, newest first, as text; administrators only. */
@Route(value = Paths.AUDIT, layout = MainLayout.class)
@PageTitle("Audit log — Hangar")
@RequiresPermission(Permission.READ_AUDIT)
public class AuditView extends VerticalLayout {
    /** How many entries the view shows. */
    static final int SHOWN = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog audit;
    private final Grid<AuditEntry> grid = new Grid<>();

    public AuditView(Hangar hangar) {
        this.audit = hangar.security().audit();
        // Text columns only: names and messages from VMs and plugins are never rendered as HTML. What
        // matters most comes first and, up to the message and options, fits a 1280-pixel window; a cell
        // cut short has its whole text as a tooltip (the time: to the nanosecond, in UTC, as logged).
        column(e -> Formats.dateTime(e.time()), e -> e.time() == null ? null : e.time().toString(), "Time", "time", 13, 0);
        column(AuditView::who, AuditView::who, "User", "user", 9, 0);
        column(AuditEntry::verb, AuditEntry::verb, "Action", "verb", 8, 0);
        column(AuditEntry::result, AuditEntry::result, "Result", "result", 5, 0);
        column(AuditEntry::target, AuditEntry::target, "Target", "target", 9, 1);
        column(AuditEntry::message, AuditEntry::message, "Message", "message", 10, 2);
        column(e -> options(e.options()), e -> options(e.options()), "Options", "options", 5, 1);
        column(AuditEntry::address, AuditEntry::address, "Address", "address", 6.5, 0);
        grid.setSizeFull();
        Button refresh = new Button("Refresh", e -> refresh());
        add(new HorizontalLayout(new H2("Audit log"), refresh), grid);
        setSizeFull();
        refresh();
    }

    private void column(ValueProvider<AuditEntry, String> value, SerializableFunction<AuditEntry, String> tooltip,
            String header, String key, double widthRem, int flexGrow) {
        grid.addColumn(value).setHeader(header).setKey(key).setWidth(widthRem + "rem").setFlexGrow(flexGrow)
                .setResizable(true).setTooltipGenerator(tooltip);
    }

    /** The user and their role: "vera (viewer)". */
    private static String who(AuditEntry entry) {
        if (entry.user() == null) {
            return entry.role() == null ? "" : "(" + entry.role() + ")";
        }
        return entry.role() == null ? entry.user() : entry.user() + " (" + entry.role() + ")";
    }

    private void refresh() {
        List<AuditEntry> entries = audit.last(SHOWN);
        Collections.reverse(entries);
        grid.setItems(entries);
    }

    private static String options(Map<String, Object> options) {
        if (options.isEmpty()) {
            return "";
        }
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            return options.toString();
        }
    }
}
