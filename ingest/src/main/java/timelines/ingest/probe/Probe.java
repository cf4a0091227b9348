package timelines.ingest.probe;

/**
 * One check of one thing from the outside: blocking, bounded by the probe's timeout, and it
 * never throws for a failure of the thing probed (a throw is a bug, and counts as a failure).
 */
interface Probe {

    Result check();

    /**
     * What one check saw.
     *
     * @param detail for a failure, what failed and how (the status, the AMQP reply code and
     *     text, the exception), which becomes the FAILING signal's summary
     */
    record Result(boolean ok, String detail) {
        static Result ok(String detail) {
            return new Result(true, detail);
        }

        static Result failed(String detail) {
            return new Result(false, detail);
        }
    }
}
