package dev.hangar.host.security.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.ui.MainLayout;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The last entries of the audit log, newest first, as text; administrators only. */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log — Hangar")
@RequiresPermission(Permission.READ_AUDIT)
public class AuditView extends VerticalLayout {
    /** How many entries the view shows. */
    static final int SHOWN = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Grid<AuditEntry> grid = new Grid<>();

    public AuditView() {
        // Text columns only: names and messages from VMs and plugins are never rendered as HTML.
        grid.addColumn(e -> e.time().toString()).setHeader("Time").setAutoWidth(true);
        grid.addColumn(AuditEntry::user).setHeader("User").setAutoWidth(true);
        grid.addColumn(AuditEntry::role).setHeader("Role").setAutoWidth(true);
        grid.addColumn(AuditEntry::address).setHeader("Address").setAutoWidth(true);
        grid.addColumn(AuditEntry::verb).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setAutoWidth(true);
        grid.addColumn(e -> options(e.options())).setHeader("Options").setAutoWidth(true);
        grid.addColumn(AuditEntry::result).setHeader("Result").setAutoWidth(true);
        grid.addColumn(AuditEntry::message).setHeader("Message").setFlexGrow(1);
        grid.setSizeFull();
        Button refresh = new Button("Refresh", e -> refresh());
        add(new HorizontalLayout(new H2("Audit log"), refresh), grid);
        setSizeFull();
        refresh();
    }

    private void refresh() {
        List<AuditEntry> entries = Hangar.current().security().audit().last(SHOWN);
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
