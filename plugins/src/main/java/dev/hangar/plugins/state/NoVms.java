package dev.hangar.plugins.state;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.util.Map;
import java.util.Optional;

/** The view of a tree without the host's branch. */
enum NoVms implements VmsView {
    INSTANCE;

    @Override
    public Map<VmRef, Vm> vms() {
        return Map.of();
    }

    @Override
    public Map<VmRef, VmUsage> usage() {
        return Map.of();
    }

    @Override
    public Optional<Vm> find(String provider, String connection, String name) {
        return Optional.empty();
    }

    @Override
    public Optional<VmOperation> pending(VmRef ref) {
        return Optional.empty();
    }

    @Override
    public Optional<VmError> error(VmRef ref) {
        return Optional.empty();
    }

    @Override
    public Optional<ConnectionStatus> connection(String provider, String connection) {
        return Optional.empty();
    }
}
