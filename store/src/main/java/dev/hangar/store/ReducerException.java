package dev.hangar.store;

/** A reducer threw while reducing an action; the state was left unchanged. */
public final class ReducerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Action action;
    private final String branch;

    public ReducerException(String branch, Action action, Throwable cause) {
        super("reducer of branch '" + branch + "' failed on " + action.getClass().getSimpleName()
                + ": " + cause, cause);
        this.branch = branch;
        this.action = action;
    }

    public String branch() {
        return branch;
    }

    public Action action() {
        return action;
    }
}
