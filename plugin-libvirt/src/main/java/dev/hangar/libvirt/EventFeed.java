package dev.hangar.libvirt;

import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The domain events of one connection, across its reconnects: each event shows the state it implies
 * at once, has its VM read again off libvirt's event thread, and is then published to whoever
 * {@link #expect}s it (an action waiting for its VM to react).
 */
final class EventFeed implements AutoCloseable {
    private final String provider;
    private final String uri;
    private final String label;
    private final ProviderStore store;
    private final Consumer<VmRef> refresh;
    private final ExecutorService worker;
    private final Subject<DomainEvents.Event> feed = PublishSubject.<DomainEvents.Event>create().toSerialized();

    /** @param refresh reads one VM again into the store (or removes it): what follows every event */
    EventFeed(String provider, String uri, String label, ProviderStore store, Consumer<VmRef> refresh) {
        this.provider = provider;
        this.uri = uri;
        this.label = label;
        this.store = store;
        this.refresh = refresh;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hangar-libvirt-events " + uri);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Subscribes to a fresh connection's events; the caller deregisters them when it drops the connection. */
    DomainEvents subscribe(Connect connect) throws LibvirtException {
        return DomainEvents.register(connect, this::onEvent);
    }

    /**
     * A future of the next event of one of {@code kinds} about the domain; subscribe before acting, so
     * that an event that follows the call at once is not missed.
     */
    CompletableFuture<DomainEvents.Event> expect(String uuid, Set<DomainEvents.Kind> kinds) {
        CompletableFuture<DomainEvents.Event> next = new CompletableFuture<>();
        Disposable subscription = feed.filter(e -> uuid.equals(e.uuid()) && kinds.contains(e.kind()))
                .firstElement()
                .subscribe(next::complete, next::completeExceptionally, () -> next.completeExceptionally(
                        new IllegalStateException("The connection '" + label + "' was closed before the VM reacted")));
        next.whenComplete((event, error) -> subscription.dispose());
        return next;
    }

    private void onEvent(DomainEvents.Event event) {
        if (event.uuid() == null || event.name() == null) {
            return;
        }
        VmRef ref = new VmRef(provider, uri, event.name(), event.uuid());
        showImpliedState(ref, event.kind().impliedState());
        // Off libvirt's event thread: reading the domain is a call of its own and must not stall other events.
        worker.execute(() -> {
            refresh.accept(ref);
            feed.onNext(event);
        });
    }

    /**
     * Shows at once the state a lifecycle event implies. The full read that follows brings the reason
     * and the rest, but it waits on the daemon, which still holds the domain for a while after some
     * events (after a destroy, for a couple of hundred milliseconds).
     */
    private void showImpliedState(VmRef ref, String state) {
        if (state == null) {
            return;
        }
        Vm known = VmsView.of(store.getState()).vm(ref).orElse(null);
        if (known != null && !known.state().equals(state)) {
            store.dispatch(VmActions.INSTANCE.updateOrAddVm(known.withState(state, null)));
        }
    }

    /** Stops reading VMs after events and ends every {@link #expect}ation with a failure. */
    @Override
    public void close() {
        worker.shutdownNow();
        feed.onComplete();
    }
}
