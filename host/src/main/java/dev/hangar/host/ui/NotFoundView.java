package dev.hangar.host.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.server.HttpStatusCode;
import dev.hangar.host.ui.nav.Paths;

/**
 * What every address that is no page of the console shows (also one with too few or too many parts,
 * such as {@code /vm/a}): the console's own page, inside its frame, with a way back. Replaces Vaadin's
 * bare "Could not navigate" page. The address is set as text.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Not found — Hangar")
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    public NotFoundView() {
        addClassName("not-found");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        H2 title = new H2("Page not found");
        title.addClassName("page-title");
        Paragraph text = new Paragraph("There is no page at /" + event.getLocation().getPathWithQueryParameters() + ".");
        text.addClassName("not-found-text");
        Anchor back = Paths.link("Back to the virtual machines", Paths.VMS);
        back.addClassName("not-found-back");
        add(title, text, back);
        return HttpStatusCode.NOT_FOUND.getCode();
    }
}
