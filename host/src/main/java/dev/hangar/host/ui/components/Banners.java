package dev.hangar.host.ui.components;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** The banners about providers and connections that pages show above their content. */
public final class Banners {
    private Banners() {
    }

    /** Providers that failed, or are still starting. */
    public static List<Banner> providers(VmsState state) {
        List<Banner> banners = new ArrayList<>();
        state.providers().values().stream().sorted(Comparator.comparing(ProviderStatus::provider)).forEach(p -> {
            if (p.state() == ProviderStatus.State.FAILED) {
                banners.add(new Banner(Banner.Kind.ERROR, "Provider " + p.provider() + " failed: "
                        + Formats.orDash(p.message())));
            } else if (p.state() == ProviderStatus.State.STARTING) {
                banners.add(new Banner(Banner.Kind.INFO, "Provider " + p.provider() + " is starting…"));
            }
        });
        return banners;
    }

    /** Every connection that serves demo data, is lost, or is still connecting. */
    public static List<Banner> connections(VmsState state) {
        return connections(state, c -> true);
    }

    /** Those of the connections that {@code which} selects. */
    public static List<Banner> connections(VmsState state, Predicate<ConnectionStatus> which) {
        List<Banner> banners = new ArrayList<>();
        state.connections().values().stream().filter(which)
                .sorted(Comparator.comparing(ConnectionStatus::provider).thenComparing(ConnectionStatus::label))
                .forEach(c -> {
                    String name = "“" + c.label() + "” (" + c.provider() + ", " + c.connection() + ")";
                    if (c.state() == ConnectionStatus.State.LOST) {
                        banners.add(new Banner(Banner.Kind.ERROR, "Connection " + name + " is lost: "
                                + Formats.orDash(c.message()) + ". Its VMs are shown as last seen."));
                    } else if (c.state() == ConnectionStatus.State.CONNECTING) {
                        banners.add(new Banner(Banner.Kind.INFO, "Connecting to " + name + "…"));
                    }
                    if (c.demo()) {
                        banners.add(new Banner(Banner.Kind.INFO, "Demo data: connection " + name
                                + " serves demonstration VMs, not this host's."));
                    }
                });
        return banners;
    }
}
