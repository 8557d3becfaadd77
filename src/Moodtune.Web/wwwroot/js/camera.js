// The webcam and the frame stream to /ws/frames: frames go as binary JPEG messages, at most one in flight and no
// faster than the configured frame rate; the socket reconnects politely (growing back-off) when it closes.

/** Why the camera could not start, as a short code and a plain sentence for the user. */
export function describeCameraError(error) {
  const name = error && error.name;
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') {
    return {
      code: 'denied',
      message: 'Camera permission was denied. You can allow the camera in your browser\'s site settings and press Start again, or upload a photo or pick your mood below.',
    };
  }
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') {
    return { code: 'none', message: 'No camera was found on this device. Upload a photo or pick your mood below.' };
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return {
      code: 'busy',
      message: 'The camera is busy or could not be started (another app may be using it). Close it and press Start again, or upload a photo or pick your mood below.',
    };
  }
  if (name === 'unsupported') {
    return {
      code: 'unsupported',
      message: 'This browser can\'t use the camera on this page (it needs HTTPS or localhost). Upload a photo or pick your mood below.',
    };
  }
  return {
    code: 'error',
    message: `The camera could not be started${error && error.message ? ` (${error.message})` : ''}. Upload a photo or pick your mood below.`,
  };
}

/** Opens the front camera into a <video>; rejects with an error whose name says why (see describeCameraError). */
export async function openCamera(video) {
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') {
    const e = new Error('getUserMedia is not available');
    e.name = 'unsupported';
    throw e;
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'user', width: { ideal: 640 } },
    audio: false,
  });
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.srcObject = stream;
  await new Promise((resolve) => {
    if (video.readyState >= 1 && video.videoWidth) resolve();
    else video.addEventListener('loadedmetadata', resolve, { once: true });
  });
  try {
    await video.play();
  } catch {
    // muted inline video plays without a gesture; a refusal here only delays the first frame
  }
  return stream;
}

export function closeCamera(video) {
  const stream = video.srcObject;
  if (stream && typeof stream.getTracks === 'function') stream.getTracks().forEach((t) => t.stop());
  video.srcObject = null;
}

export function framesUrl(loc = window.location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/frames`;
}

/**
 * Sends camera frames to the server and hands each answer to onResult(answer), and each playlist message the server
 * pushes between answers to onPlaylist(message). onStatus(state, detail) reports 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error'.
 * frameWidth and frameRate are the server's (/api/config); each answer's next_frame_width then sets the width of the
 * next frame (the server asks for wider frames while the face is small, i.e. far from the camera).
 */
export class FrameStream {
  constructor(video, { frameWidth, frameRate, quality = 0.8, onResult, onPlaylist, onStatus, onFrameError }) {
    this.video = video;
    this.frameWidth = frameWidth;
    this.interval = 1000 / Math.max(0.5, Math.min(30, frameRate));
    this.quality = quality;
    this.onResult = onResult || (() => {});
    this.onPlaylist = onPlaylist || (() => {});
    this.onStatus = onStatus || (() => {});
    this.onFrameError = onFrameError || (() => {});
    this.canvas = document.createElement('canvas');
    this.ctx = this.canvas.getContext('2d');
    this.ws = null;
    this.running = false;
    this.inFlight = false;
    this.lastSent = 0;
    this.timer = 0;
    this.watchdog = 0;
    this.retry = 0;
    this.reconnectTimer = 0;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    clearTimeout(this.reconnectTimer);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onclose = ws.onerror = ws.onmessage = ws.onopen = null;
      try { ws.close(1000, 'camera stopped'); } catch { /* already closed */ }
    }
    this.inFlight = false;
    this.onStatus('closed');
  }

  connect() {
    if (!this.running) return;
    this.onStatus(this.retry ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(framesUrl());
    } catch (e) {
      this.onStatus('error', e);
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.inFlight = false;
      this.onStatus('open');
      this.schedule(0);
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onerror = () => { /* onclose follows and reconnects */ };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.inFlight = false;
      clearTimeout(this.timer);
      clearTimeout(this.watchdog);
      if (this.running) {
        this.onStatus('reconnecting', event);
        this.scheduleReconnect();
      }
    };
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    // 1 s, 2 s, 4 s ... up to 30 s, with a little jitter so many tabs do not knock at once
    const delay = Math.min(30000, 1000 * 2 ** this.retry) * (0.8 + Math.random() * 0.4);
    this.retry = Math.min(this.retry + 1, 5);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.sendFrame(), Math.max(0, delay));
  }

  receive(data) {
    let answer = null;
    try {
      answer = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      this.onFrameError('The server sent an answer that is not JSON.');
    }
    // a pushed message answers no frame: the one in flight is still awaited
    if (answer && answer.type === 'playlist') {
      this.onPlaylist(answer);
      return;
    }
    clearTimeout(this.watchdog);
    this.inFlight = false;
    const next = answer && answer.next_frame_width;
    if (Number.isInteger(next) && next >= 64 && next <= 4096) this.frameWidth = next;
    if (answer && answer.error) this.onFrameError(answer.error);
    else if (answer) this.onResult(answer);
    this.schedule(this.lastSent + this.interval - performance.now());
  }

  sendFrame() {
    const ws = this.ws;
    if (!this.running || !ws || ws.readyState !== WebSocket.OPEN || this.inFlight) return;
    const v = this.video;
    if (document.hidden || !v.videoWidth || v.readyState < 2) {
      this.schedule(this.interval);
      return;
    }
    const w = Math.min(this.frameWidth, v.videoWidth);
    const h = Math.round((v.videoHeight * w) / v.videoWidth);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.ctx.drawImage(v, 0, 0, w, h); // the camera's own (unmirrored) image: boxes come back in its coordinates
    this.inFlight = true;
    this.lastSent = performance.now();
    this.canvas.toBlob((blob) => {
      if (!blob || this.ws !== ws || ws.readyState !== WebSocket.OPEN) {
        this.inFlight = false;
        if (this.running) this.schedule(this.interval);
        return;
      }
      ws.send(blob);
      // an answer that never comes must not stall the stream: reconnect after 10 s
      clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => {
        if (this.ws === ws && this.inFlight) {
          try { ws.close(4000, 'no answer'); } catch { /* closing anyway */ }
        }
      }, 10000);
    }, 'image/jpeg', this.quality);
  }
}
