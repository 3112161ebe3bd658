package dev.hangar.host.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The host's packages form no cycle: each package (the root {@code dev.hangar.host} too) is a slice,
 * and no slice reaches itself through others. Views share models, not each other; security knows
 * neither the UI nor the providers. A cycle fails the build here, with the classes that make it.
 */
class PackageCyclesTest {

    @Test
    void noCyclesBetweenHostPackages() {
        JavaClasses host = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hangar.host");
        slices().matching("dev.hangar.(**)").namingSlices("$1").should().beFreeOfCycles().check(host);
    }
}
