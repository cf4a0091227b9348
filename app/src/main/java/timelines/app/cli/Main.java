package timelines.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code timelines} command. The only place that calls {@code System.exit}. */
@Command(name = "timelines", mixinStandardHelpOptions = true, version = "timelines 0.1.0",
        description = "Monitoring signals in, incident timelines and draft postmortems out.",
        subcommands = {RunCommand.class, ReplayCommand.class, DemoCommand.class, ComponentCommand.Ingest.class,
                ComponentCommand.Streams.class, ComponentCommand.Sink.class, TopicsCommand.class, ExportCommand.class,
                PostCommand.class, SoakCommand.class, KafkaNodeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("timelines: " + rootMessage(e));
            if (System.getenv("TIMELINES_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(set TIMELINES_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cli.execute(args);
    }

    static String rootMessage(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
