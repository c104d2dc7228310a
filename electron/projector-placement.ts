/**
 * Where the projector window goes: full screen on a display other than the one the
 * main window is on (the projector, usually), or a large window beside it when there
 * is only one display. Pure, so it is tested without Electron.
 */
export interface DisplayLike {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
}

export interface ProjectorPlacement {
  bounds: { x: number; y: number; width: number; height: number };
  fullscreen: boolean;
}

export function placeProjector(displays: DisplayLike[], mainDisplayId: number): ProjectorPlacement {
  const other = displays.find((d) => d.id !== mainDisplayId);
  if (other) return { bounds: { ...other.bounds }, fullscreen: true };
  const here = displays.find((d) => d.id === mainDisplayId) ?? displays[0];
  const area = here?.workArea ?? { x: 0, y: 0, width: 1280, height: 720 };
  // One display: a 16:9 window the facilitator can drag to the projector when it is plugged in.
  const width = Math.min(area.width, 1280);
  const height = Math.min(area.height, Math.round((width * 9) / 16));
  return {
    bounds: {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
    },
    fullscreen: false,
  };
}
