package dev.hangar.store;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs each dispatched thunk on an executor with the store as its dispatcher; see {@link Middleware#thunks}. */
final class ThunkMiddleware implements Middleware {
    private final Executor executor;

    ThunkMiddleware(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void handle(Action action, Store store, Consumer<Action> next) {
        next.accept(action);
    }

    @Override
    public <T> CompletionStage<T> handle(Thunk<T> thunk, Store store, Function<Thunk<T>, CompletionStage<T>> next) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> run(thunk, store, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the thunk executor refused the thunk (shut down?)", e));
        }
        return result;
    }

    private static <T> void run(Thunk<T> thunk, Store store, CompletableFuture<T> result) {
        try {
            CompletionStage<T> stage = thunk.run(store, store::getState);
            if (stage == null) {
                result.completeExceptionally(new IllegalStateException(
                        "thunk " + thunk.getClass().getName() + " returned no CompletionStage"));
                return;
            }
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }
}
