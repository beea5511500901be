package dev.parley.conversation.rig;

import dev.parley.conversation.ConversationProviders;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.VoiceActivityDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Wraps real or fake providers and counts the work they still owe a callback for, so a test on a
 * virtual clock can wait until the providers have answered before moving time on: provider compute
 * then takes no virtual time, which makes runs reproducible. It also counts what was opened and
 * released, for "everything released" checks.
 */
public final class ProviderWatch {

    private final Object lock = new Object();
    private int outstanding;
    private int vadOpen;
    private int utterancesOpen;
    private int repliesOpen;
    private int synthesesOpen;
    private int cancels;
    private final List<List<ChatMessage>> histories = new ArrayList<>();
    private final List<String> synthesised = new ArrayList<>();

    public ConversationProviders wrap(ConversationProviders p) {
        return new ConversationProviders(vad(p.vad()), recognizer(p.recognizer()), model(p.languageModel()), synthesizer(p.synthesizer()));
    }

    /** True while some provider owes a completion (an STT final, the end of a reply or a synthesis). */
    public boolean busy() {
        synchronized (lock) {
            return outstanding > 0;
        }
    }

    /** Waits (real time) until a provider callback arrives or {@code millis} pass. */
    public void awaitChange(long millis) throws InterruptedException {
        synchronized (lock) {
            if (outstanding > 0) {
                lock.wait(millis);
            }
        }
    }

    /** True while an utterance is open: only then can a streaming recogniser still be digesting audio. */
    public boolean recognising() {
        synchronized (lock) {
            return utterancesOpen > 0;
        }
    }

    public int openHandles() {
        synchronized (lock) {
            return vadOpen + utterancesOpen + repliesOpen + synthesesOpen;
        }
    }

    public String describeOpen() {
        synchronized (lock) {
            return "vad=" + vadOpen + " utterances=" + utterancesOpen + " replies=" + repliesOpen + " syntheses=" + synthesesOpen;
        }
    }

    public int cancels() {
        synchronized (lock) {
            return cancels;
        }
    }

    public List<List<ChatMessage>> histories() {
        synchronized (lock) {
            return List.copyOf(histories);
        }
    }

    public List<String> synthesised() {
        synchronized (lock) {
            return List.copyOf(synthesised);
        }
    }

    private void change(Runnable r) {
        synchronized (lock) {
            r.run();
            lock.notifyAll();
        }
    }

    private VoiceActivityDetector vad(VoiceActivityDetector real) {
        return new VoiceActivityDetector() {
            @Override
            public int frameSamples() {
                return real.frameSamples();
            }

            @Override
            public Stream open() {
                Stream s = real.open();
                change(() -> vadOpen++);
                return new Stream() {
                    private boolean closed;

                    @Override
                    public float speechProbability(short[] frame) {
                        return s.speechProbability(frame);
                    }

                    @Override
                    public void reset() {
                        s.reset();
                    }

                    @Override
                    public void close() {
                        if (!closed) {
                            closed = true;
                            s.close();
                            change(() -> vadOpen--);
                        }
                    }
                };
            }
        };
    }

    private SpeechRecognizer recognizer(SpeechRecognizer real) {
        return listener -> {
            boolean[] state = new boolean[2]; // [0] finishing, [1] over
            change(() -> utterancesOpen++);
            Runnable over = () -> change(() -> {
                if (!state[1]) {
                    state[1] = true;
                    utterancesOpen--;
                    if (state[0]) {
                        outstanding--;
                    }
                }
            });
            SpeechRecognizer.Utterance u = real.startUtterance(new SpeechRecognizer.Listener() {
                @Override
                public void onPartial(Transcript partial) {
                    listener.onPartial(partial);
                }

                @Override
                public void onFinal(Transcript fin) {
                    listener.onFinal(fin);
                    over.run();
                }

                @Override
                public void onError(SpeechException error) {
                    listener.onError(error);
                    over.run();
                }
            });
            return new SpeechRecognizer.Utterance() {
                @Override
                public void accept(short[] pcm, int offset, int length) {
                    u.accept(pcm, offset, length);
                }

                @Override
                public void finish() {
                    change(() -> {
                        state[0] = true;
                        outstanding++;
                    });
                    u.finish();
                }

                @Override
                public void cancel() {
                    change(() -> cancels++);
                    u.cancel();
                    over.run();
                }
            };
        };
    }

    private LanguageModel model(LanguageModel real) {
        return (history, listener) -> owed(() -> {
            repliesOpen++;
            histories.add(List.copyOf(history));
        }, () -> repliesOpen--, done -> real.reply(history, new LanguageModel.Listener() {
            @Override
            public void onToken(String token) {
                change(() -> { });
                listener.onToken(token);
            }

            @Override
            public void onComplete() {
                listener.onComplete();
                done.run();
            }

            @Override
            public void onError(SpeechException error) {
                listener.onError(error);
                done.run();
            }
        }));
    }

    private SpeechSynthesizer synthesizer(SpeechSynthesizer real) {
        return (text, listener) -> owed(() -> {
            synthesesOpen++;
            synthesised.add(text);
        }, () -> synthesesOpen--, done -> real.synthesize(text, new SpeechSynthesizer.Listener() {
            @Override
            public void onAudio(short[] pcm) {
                change(() -> { });
                listener.onAudio(pcm);
            }

            @Override
            public void onComplete() {
                listener.onComplete();
                done.run();
            }

            @Override
            public void onError(SpeechException error) {
                listener.onError(error);
                done.run();
            }
        }));
    }

    /**
     * Counts one provider call as owed from its start until it completes, fails, is cancelled, or
     * throws as it starts (then it owes nothing more). {@code start} gets the "done" callback.
     */
    private Cancellable owed(Runnable opened, Runnable closed, Function<Runnable, Cancellable> start) {
        boolean[] over = new boolean[1];
        Runnable done = () -> change(() -> {
            if (!over[0]) {
                over[0] = true;
                outstanding--;
                closed.run();
            }
        });
        change(() -> {
            outstanding++;
            opened.run();
        });
        Cancellable call;
        try {
            call = start.apply(done);
        } catch (RuntimeException | Error e) {
            done.run();
            throw e;
        }
        return () -> {
            change(() -> cancels++);
            call.cancel();
            done.run();
        };
    }

    static long toMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
