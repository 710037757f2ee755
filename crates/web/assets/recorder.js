// round2 web UI: the audio worklet behind the practice page's record
// button. It hands each block of microphone samples (mono) to the page,
// which keeps them and writes a WAV file when recording stops.
class Round2Recorder extends AudioWorkletProcessor {
  process(inputs) {
    var channels = inputs[0];
    if (channels && channels.length > 0) {
      var n = channels[0].length;
      var mono = new Float32Array(n);
      for (var c = 0; c < channels.length; c++) {
        for (var i = 0; i < n; i++) { mono[i] += channels[c][i] / channels.length; }
      }
      this.port.postMessage(mono, [mono.buffer]);
    }
    return true;
  }
}
registerProcessor("round2-recorder", Round2Recorder);
