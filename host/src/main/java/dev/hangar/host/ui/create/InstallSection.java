package dev.hangar.host.ui.create;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.Template;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the new VM's operating system comes from: only the methods the connection offers, each with
 * its own inputs. Direct kernel boot is listed last, as the advanced one.
 */
final class InstallSection extends VerticalLayout {
    /** The order they are offered in, the usual ones first. */
    private static final List<InstallMethod> ORDER = List.of(InstallMethod.ISO, InstallMethod.NETWORK, InstallMethod.PXE,
            InstallMethod.IMPORT, InstallMethod.CLOUD_IMAGE, InstallMethod.TEMPLATE, InstallMethod.KERNEL);

    final RadioButtonGroup<InstallMethod> method = new RadioButtonGroup<>("Install from");
    final HostFileField iso = new HostFileField("ISO image", volume -> true);
    final TextField url = new TextField("Distribution tree URL");
    final HostFileField image = new HostFileField("Disk image", volume -> !isIso(volume.name()));
    final HostFileField cloudImage = new HostFileField("Cloud image", volume -> !isIso(volume.name()));
    final TextField user = new TextField("User");
    final PasswordField password = new PasswordField("Password");
    final TextArea sshKey = new TextArea("SSH public key");
    final TextArea userData = new TextArea("Own user-data (instead of the above)");
    final TextField kernel = new TextField("Kernel");
    final TextField initrd = new TextField("Initrd");
    final TextField cmdline = new TextField("Kernel command line");
    final Select<Template> template = new Select<>();
    private final Map<InstallMethod, Component> panels = new EnumMap<>(InstallMethod.class);

    InstallSection() {
        setPadding(false);
        setSpacing(false);
        addClassName("create-install");
        method.addClassName("create-install-method");
        method.setItemLabelGenerator(InstallSection::label);
        method.setItems(List.of());
        method.addValueChangeListener(e -> showPanel());
        add(method);

        url.setPlaceholder("http://deb.debian.org/debian/dists/bookworm/main/installer-amd64/");
        url.setHelperText("The installer's kernel and initrd are fetched from it");
        template.setLabel("Template");
        template.setItemLabelGenerator(Template::label);
        user.setHelperText("Left empty: the image's default user");
        userData.setHelperText("A #cloud-config YAML document; the fields above are then not used");
        kernel.addClassName("create-kernel");
        initrd.addClassName("create-initrd");
        cmdline.addClassName("create-cmdline");
        url.addClassName("create-url");
        iso.addClassName("create-iso");
        image.addClassName("create-image");
        cloudImage.addClassName("create-cloud-image");
        userData.addClassName("create-user-data");
        template.addClassName("create-template");
        kernel.setPlaceholder("/var/lib/libvirt/boot/vmlinuz");
        initrd.setPlaceholder("/var/lib/libvirt/boot/initrd.img");
        cmdline.setPlaceholder("console=ttyS0");
        for (HasValidation field : fields()) {
            if (field instanceof TextField text) {
                text.setManualValidation(true);
                text.setWidthFull();
            } else if (field instanceof TextArea area) {
                area.setManualValidation(true);
                area.setWidthFull();
            } else if (field instanceof PasswordField secret) {
                secret.setManualValidation(true);
            }
        }
        template.setManualValidation(true);
        panel(InstallMethod.ISO, iso);
        panel(InstallMethod.NETWORK, url);
        panel(InstallMethod.PXE, new Paragraph("The VM boots from the network through its first NIC: choose a network below."));
        panel(InstallMethod.IMPORT, image, new Paragraph("The image is used in place as the VM's first disk; nothing is copied."));
        panel(InstallMethod.CLOUD_IMAGE, cloudImage, user, password, sshKey, userData);
        panel(InstallMethod.KERNEL, kernel, initrd, cmdline);
        panel(InstallMethod.TEMPLATE, template);
    }

    private void panel(InstallMethod of, Component... parts) {
        VerticalLayout panel = new VerticalLayout(parts);
        panel.setPadding(false);
        panel.setSpacing(false);
        panel.addClassName("create-install-" + of.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        panel.setVisible(false);
        panels.put(of, panel);
        add(panel);
    }

    static String label(InstallMethod method) {
        return switch (method) {
            case ISO -> "Installer ISO";
            case NETWORK -> "Network install (URL)";
            case PXE -> "Network boot (PXE)";
            case IMPORT -> "Import an existing disk image";
            case CLOUD_IMAGE -> "Cloud image with cloud-init";
            case KERNEL -> "Direct kernel boot (advanced)";
            case TEMPLATE -> "Template";
        };
    }

    private static boolean isIso(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".iso");
    }

    /** Offers what the connection can do; keeps the method chosen when it is still offered. */
    void choices(CreationChoices choices) {
        List<InstallMethod> offered = ORDER.stream().filter(choices.installMethods()::contains).toList();
        InstallMethod chosen = method.getValue();
        // Items are set again only when they differ: setting them resets the group's value, in the browser too.
        if (!offered.equals(method.getListDataView().getItems().toList())) {
            method.setItems(offered);
            method.setValue(Problems.has(offered, chosen) ? chosen : offered.isEmpty() ? null : offered.get(0));
        }
        showPanel();
        iso.volumes(choices.pools());
        image.volumes(choices.pools());
        cloudImage.volumes(choices.pools());
        Template picked = template.getValue();
        template.setItems(choices.templates());
        template.setValue(Problems.has(choices.templates(), picked) ? picked
                : choices.templates().isEmpty() ? null : choices.templates().get(0));
    }

    private void showPanel() {
        panels.forEach((of, panel) -> panel.setVisible(of == method.getValue()));
    }

    /** The source as chosen; a missing input is refused naming the field. */
    InstallSource source() throws InvalidSpecException {
        InstallMethod chosen = method.getValue();
        if (chosen == null) {
            throw new InvalidSpecException("install", "This connection offers no way to install a VM");
        }
        return switch (chosen) {
            case ISO -> new InstallSource.Iso(required(iso.path(), "Choose an ISO volume or type its path on the host"));
            case NETWORK -> new InstallSource.NetworkTree(required(text(url), "Give the URL of a distribution tree"));
            case PXE -> new InstallSource.Pxe();
            case IMPORT -> new InstallSource.Import(required(image.path(), "Choose a disk image or type its path on the host"));
            case CLOUD_IMAGE -> new InstallSource.CloudImage(
                    required(cloudImage.path(), "Choose a cloud image or type its path on the host"),
                    new CloudInit(text(user), text(password), text(sshKey), text(userData), null));
            case KERNEL -> new InstallSource.Kernel(required(text(kernel), "Give the kernel's path on the host"),
                    text(initrd), text(cmdline));
            case TEMPLATE -> new InstallSource.FromTemplate(
                    required(template.getValue() == null ? null : template.getValue().id(), "Choose a template"));
        };
    }

    private static String required(String value, String problem) throws InvalidSpecException {
        if (value == null) {
            throw new InvalidSpecException("install", problem);
        }
        return value;
    }

    private static String text(com.vaadin.flow.component.HasValue<?, String> field) {
        String value = field.getValue();
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The input a problem with the install source goes next to. */
    HasValidation fieldOf(String field) {
        if ("userData".equals(field)) {
            return userData;
        }
        InstallMethod chosen = method.getValue();
        if (chosen == null) {
            return method;
        }
        return switch (chosen) {
            case ISO -> iso;
            case NETWORK -> url;
            case PXE -> method;
            case IMPORT -> image;
            case CLOUD_IMAGE -> cloudImage;
            case KERNEL -> kernel;
            case TEMPLATE -> template;
        };
    }

    List<HasValidation> fields() {
        return Arrays.asList(method, iso, url, image, cloudImage, user, password, sshKey, userData, kernel, initrd,
                cmdline, template);
    }
}
