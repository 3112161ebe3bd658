package dev.hangar.plugins.ui;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import java.util.function.Consumer;

/**
 * What a provider's tab, disk column or disk action is given about the VM it shows, from the host.
 */
public interface VmContext {

    /** The VM as it was when the component was made. */
    Vm vm();

    /** The shared store, to read a branch or dispatch a thunk. */
    Store store();

    /**
     * Runs {@code render} on the UI thread with every value of {@code source} while the VM's view is
     * open, and stops when it closes. Use it to keep a component up to date with the store, e.g.
     * {@code ctx.onUi(ctx.store().select(s -> s.get("mine", Mine.class)), this::show)}.
     */
    <T> void onUi(Observable<T> source, Consumer<T> render);
}
