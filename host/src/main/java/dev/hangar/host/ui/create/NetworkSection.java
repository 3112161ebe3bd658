package dev.hangar.host.ui.create;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import java.util.ArrayList;
import java.util.List;

/** The new VM's first NIC: on a virtual network, on a host bridge, or none. */
final class NetworkSection extends VerticalLayout {
    enum Kind {
        NETWORK("Virtual network"), BRIDGE("Bridge"), NONE("None");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final RadioButtonGroup<Kind> kind = new RadioButtonGroup<>("Network");
    final Select<String> network = new Select<>();
    final Select<String> bridge = new Select<>();

    NetworkSection() {
        setPadding(false);
        setSpacing(false);
        addClassName("create-network");
        kind.addClassName("create-network-kind");
        kind.setItemLabelGenerator(k -> k.label);
        network.setLabel("Virtual network");
        network.addClassName("create-network-name");
        network.setManualValidation(true);
        bridge.setLabel("Bridge");
        bridge.addClassName("create-bridge-name");
        bridge.setManualValidation(true);
        kind.setItems(Kind.values());
        kind.setValue(Kind.NETWORK);
        kind.addValueChangeListener(e -> showParts());
        add(kind, network, bridge);
        showParts();
    }

    private void showParts() {
        network.setVisible(kind.getValue() == Kind.NETWORK);
        bridge.setVisible(kind.getValue() == Kind.BRIDGE);
    }

    /** Offers the connection's active networks and bridges; keeps what was chosen where it still can. */
    void choices(CreationChoices choices) {
        List<Kind> kinds = new ArrayList<>();
        if (!choices.networks().isEmpty()) {
            kinds.add(Kind.NETWORK);
        }
        if (!choices.bridges().isEmpty()) {
            kinds.add(Kind.BRIDGE);
        }
        kinds.add(Kind.NONE);
        Kind chosen = kind.getValue();
        // Items are set again only when they differ: setting them resets the group's value, in the browser too.
        if (!kinds.equals(kind.getListDataView().getItems().toList())) {
            kind.setItems(kinds);
            kind.setValue(Problems.has(kinds, chosen) ? chosen : kinds.get(0));
        }
        keep(network, choices.networks(), "default");
        keep(bridge, choices.bridges(), null);
        showParts();
    }

    private static void keep(Select<String> select, List<String> items, String preferred) {
        String chosen = select.getValue() == null ? preferred : select.getValue();
        select.setItems(items);
        select.setValue(Problems.has(items, chosen) ? chosen : items.isEmpty() ? null : items.get(0));
    }

    NetworkChoice choice() throws InvalidSpecException {
        Kind chosen = kind.getValue() == null ? Kind.NONE : kind.getValue();
        switch (chosen) {
            case NETWORK:
                if (network.getValue() == null) {
                    throw new InvalidSpecException("network", "Choose a virtual network");
                }
                return new NetworkChoice.VirtualNetwork(network.getValue());
            case BRIDGE:
                if (bridge.getValue() == null) {
                    throw new InvalidSpecException("network", "Choose a bridge");
                }
                return new NetworkChoice.Bridge(bridge.getValue());
            default:
                return new NetworkChoice.NoNetwork();
        }
    }

    HasValidation fieldOf() {
        return kind.getValue() == Kind.NETWORK ? network : kind.getValue() == Kind.BRIDGE ? bridge : kind;
    }

    List<HasValidation> fields() {
        return List.of(kind, network, bridge);
    }
}
