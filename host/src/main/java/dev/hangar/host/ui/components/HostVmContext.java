package dev.hangar.host.ui.components;

import com.vaadin.flow.component.UI;
import dev.hangar.host.providers.GuardedProvider;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Access;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.store.StateTree;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The {@link VmContext} the host gives a provider's tab, disk column or disk action: the state to read
 * (through the provider's lane, and only its reading half) and {@link VmCommands} and {@link TaskCommands}
 * to act through, as the page's signed-in user (the {@link Access} of the page's session, asked at each
 * action). Its
 * subscriptions belong to the page's set of contributions: they end when the page closes or when
 * the provider's contributions are dropped (plugin unloaded), whichever comes first.
 */
public final class HostVmContext implements VmContext {
    private final Vm vm;
    private final GuardedProvider provider;
    private final VmCommands commands;
    private final TaskCommands tasks;
    private final Access access;
    private final UI ui;
    private final CompositeDisposable subscriptions;

    public HostVmContext(Vm vm, GuardedProvider provider, VmCommands commands, TaskCommands tasks, Access access, UI ui,
                         CompositeDisposable subscriptions) {
        this.vm = vm;
        this.provider = provider;
        this.commands = commands;
        this.tasks = tasks;
        this.access = access;
        this.ui = ui;
        this.subscriptions = subscriptions;
    }

    @Override
    public Vm vm() {
        return vm;
    }

    @Override
    public StateTree getState() {
        return provider.lane().getState();
    }

    @Override
    public Observable<StateTree> states() {
        return provider.lane().states();
    }

    @Override
    public <T> void onUi(Observable<T> source, Consumer<T> render) {
        if (subscriptions.isDisposed()) {
            return;
        }
        // A plugin's renderer that throws must not break the page's other updates.
        subscriptions.add(Live.subscribe(ui, source, provider.rendering(render)));
    }

    @Override
    public boolean may(ProviderAction action) {
        return access.may(VmCommands.permission(action));
    }

    @Override
    public CompletionStage<Void> run(ProviderAction action, Map<String, ?> options, Thunk<Void> thunk) {
        return commands.run(access.actor().orElse(null), vm.ref(), action, options, thunk);
    }

    @Override
    public CompletionStage<String> runTask(ProviderAction action, Map<String, ?> options, TaskBody body) {
        return tasks.runTask(access.actor().orElse(null), vm.ref(), action, options, body);
    }
}
