package dev.hangar.host.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.Registration;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.Disposable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Feeds a component from a stream while it is attached: subscribes when it attaches, disposes when it
 * detaches (a closed tab keeps no subscription), and renders under the UI's lock through
 * {@link UI#access}, which push then sends to the browser.
 */
public final class Live {
    /**
     * How long a burst of store changes is coalesced before a UI renders: a storm of events sends a
     * browser at most one update per window, and the last state always arrives.
     */
    public static final long COALESCE_MS = 150;

    private static final Logger LOG = System.getLogger(Live.class.getName());
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    private Live() {
    }

    /** Renders the latest value of {@code source} (bursts coalesced) while {@code owner} is attached. */
    public static <T> Registration bind(Component owner, Observable<T> source, Consumer<T> render) {
        Observable<T> coalesced = source.throttleLatest(COALESCE_MS, TimeUnit.MILLISECONDS, true);
        Disposable[] current = new Disposable[1];
        Runnable stop = () -> {
            if (current[0] != null) {
                current[0].dispose();
                current[0] = null;
            }
        };
        Registration attach = owner.addAttachListener(e -> {
            stop.run();
            current[0] = subscribe(e.getUI(), coalesced, render);
        });
        Registration detach = owner.addDetachListener(e -> stop.run());
        if (owner.isAttached()) {
            owner.getUI().ifPresent(ui -> current[0] = subscribe(ui, coalesced, render));
        }
        return () -> {
            attach.remove();
            detach.remove();
            stop.run();
        };
    }

    /**
     * Renders every value of {@code source} on the UI's thread until the returned subscription is
     * disposed. A value that arrives on the thread that holds the UI's lock (the first one, during
     * attach) renders at once, so a view paints complete on its first response.
     */
    public static <T> Disposable subscribe(UI ui, Observable<T> source, Consumer<T> render) {
        ACTIVE.incrementAndGet();
        return source
                .doFinally(ACTIVE::decrementAndGet)
                .subscribe(value -> deliver(ui, value, render),
                        error -> LOG.log(Level.WARNING, "a live view's source failed; it stops updating", error));
    }

    /** Subscriptions currently open, across all UIs: zero once every tab is closed. */
    public static int active() {
        return ACTIVE.get();
    }

    private static <T> void deliver(UI ui, T value, Consumer<T> render) {
        VaadinSession session = ui.getSession();
        if (session != null && session.hasLock()) {
            render.accept(value);
            return;
        }
        try {
            ui.access(() -> render.accept(value));
        } catch (UIDetachedException e) {
            // The tab closed between the value and its delivery: nothing left to render.
        }
    }
}
