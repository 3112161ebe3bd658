package dev.hangar.store;

/** Actions the store itself dispatches when its reducer tree changes shape. */
public sealed interface StoreEvent extends Action {

    /** A branch was added with its initial state. */
    record BranchAdded(String name) implements StoreEvent {
    }

    /** A branch and its state were dropped. */
    record BranchRemoved(String name) implements StoreEvent {
    }
}
