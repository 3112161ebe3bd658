package dev.hangar.host.consoles;

import dev.hangar.plugins.vm.VmRef;

/** One console of one VM: a {@code Console.id()} of {@code vm}. */
public record ConsoleTarget(VmRef vm, String consoleId) {
}
