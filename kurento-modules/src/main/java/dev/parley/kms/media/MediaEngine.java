package dev.parley.kms.media;

/** One per server process; builds the media behind each MediaPipeline. */
public interface MediaEngine extends AutoCloseable {

    PipelineMedia createPipeline(String pipelineId);

    /** Releases every pipeline still open. */
    @Override
    void close();
}
