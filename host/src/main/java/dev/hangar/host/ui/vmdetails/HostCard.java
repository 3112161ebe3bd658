package dev.hangar.host.ui.vmdetails;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host a VM runs on (its connection's machine: name, CPUs, memory, versions), on the VM's
 * Overview; only for VMs whose provider has {@link HostInformation}, hidden otherwise. Read when the
 * page shows a VM of another connection or provider, and on "Refresh"; never on the UI thread.
 */
final class HostCard extends Div {
    private final ProviderRegistry providers;
    private final Span status = new Span();
    private final Map<String, Span> values = new LinkedHashMap<>();
    private final FormLayout facts = new FormLayout();
    private List<Object> shown;
    private Disposable reading = Disposable.disposed();

    HostCard(ProviderRegistry providers) {
        this.providers = providers;
        addClassName("host-card");
        Button refresh = new Button("Refresh", e -> read());
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        refresh.addClassName("host-refresh");
        HorizontalLayout header = new HorizontalLayout(new H3("Host"), refresh);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        status.addClassName("host-status");
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("34em", 2));
        for (String label : new String[] {"Name", "CPUs", "Memory", "Hypervisor", "Engine"}) {
            Span value = new Span();
            value.addClassName("host-" + label.toLowerCase());
            values.put(label, value);
            facts.addFormItem(value, label);
        }
        add(header, status, facts);
        setVisible(false);
    }

    /** Shows the host of {@code connection} when {@code provider} (null when gone) has host information. */
    void show(ActiveProvider provider, String connection) {
        boolean has = provider != null && providers.capability(provider.name(), HostInformation.class).isPresent();
        List<Object> key = java.util.Arrays.asList(has ? provider : null, connection);
        if (key.equals(shown)) {
            return;
        }
        shown = key;
        reading.dispose();
        setVisible(has);
        if (has) {
            read();
        }
    }

    private void read() {
        ActiveProvider provider = (ActiveProvider) shown.get(0);
        String connection = (String) shown.get(1);
        if (provider == null) {
            return;
        }
        reading.dispose();
        status.setText("Reading the host…");
        status.setVisible(true);
        var answer = providers.call(provider.name(), HostInformation.class, "host information of " + connection,
                capability -> capability.hostInfo(connection));
        UI ui = UI.getCurrent();
        reading = Live.subscribe(ui, Single.fromCompletionStage(answer).map(info -> new Answer(info, null))
                .onErrorReturn(error -> new Answer(null, "The host cannot be read: " + Guard.message(error)))
                .toObservable(), this::render);
    }

    /** What the provider answered: the host, or why not. */
    private record Answer(HostInfo info, String problem) {
    }

    private void render(Answer answer) {
        HostInfo info = answer.info();
        if (info != null) {
            status.setVisible(false);
            facts.setVisible(true);
            set("Name", info.hostName());
            set("CPUs", info.cpus() + (info.cpuModel() == null ? "" : " × " + info.cpuModel()));
            set("Memory", Formats.kib(info.memoryKiB())
                    + (info.freeMemoryKiB() == null ? "" : " (" + Formats.kib(info.freeMemoryKiB()) + " free)"));
            set("Hypervisor", info.hypervisor());
            set("Engine", info.engine());
        } else {
            status.setText(answer.problem());
            facts.setVisible(false);
        }
    }

    private void set(String label, String text) {
        values.get(label).setText(Formats.orDash(text));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        reading.dispose();
        shown = null;  // read again when the page is shown again
    }
}
