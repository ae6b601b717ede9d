/**
 * Where the device is: the GPS fix with its accuracy, the map picker to correct it (drag the pin,
 * long-press), and typed coordinates as the fallback when geolocation is refused or times out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { Position } from '../../core/observation.ts';
import type { Kind } from '../../core/taxonomy.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { PositionPicker } from '../map/position-picker.tsx';
import type { GeolocationState } from '../sensors/use-geolocation.ts';
import { ErrorText } from './detail-field.tsx';
import type { FieldError } from './form-model.ts';

export interface PositionFieldProps {
  kind: Kind;
  position: Position | null;
  onChange: (p: Position) => void;
  geo: GeolocationState;
  direction: number | undefined;
  onDirectionChange: (deg: number) => void;
  error: FieldError | undefined;
}

function parseCoordinate(text: string, limit: number): number | null {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

interface CoordinateInputProps {
  id: string;
  label: string;
  testId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onValue: (text: string) => void;
}

function CoordinateInput({ id, label, testId, inputRef, value, onValue }: CoordinateInputProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="decimal"
        value={value}
        data-testid={testId}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </div>
  );
}

export function PositionField({ kind, position, onChange, geo, direction, onDirectionChange, error }: PositionFieldProps) {
  const t = useT();
  const lang = useLanguage();
  const [manualOpen, setManualOpen] = useState(false);
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');

  // Keep the typed fields in step with the pin, unless the walker is typing in them.
  useEffect(() => {
    if (position && !manualOpen) {
      setLat(position.lat.toFixed(6));
      setLon(position.lon.toFixed(6));
    }
  }, [position, manualOpen]);

  const latRef = useRef<HTMLInputElement>(null);
  const lonRef = useRef<HTMLInputElement>(null);
  // Read both inputs as they are now: the other one may have changed since the last render.
  const applyTyped = () => {
    const la = parseCoordinate(latRef.current?.value ?? '', 90);
    const lo = parseCoordinate(lonRef.current?.value ?? '', 180);
    if (la !== null && lo !== null) onChange({ lat: la, lon: lo, accuracy: null, source: 'manual' });
  };

  let status: string;
  if (position?.source === 'gps') {
    status = t('log.positionGps', { accuracy: formatNumber(Math.round(position.accuracy ?? 0), lang) });
  } else if (position) {
    status = t('log.positionManual');
  } else if (geo.pending) {
    status = t('log.positionWaiting');
  } else {
    status = t('log.positionNone');
  }
  const errorId = 'position-error';

  return (
    <fieldset class="field position-field" aria-describedby={error ? errorId : undefined}>
      <legend>{t('log.position')}</legend>
      <p class="position-status" data-testid="position-status">
        {status}
      </p>
      {geo.error && !position && (
        <p class="notice" role="alert" data-testid="geo-error">
          {t(geo.error)}
        </p>
      )}
      <PositionPicker position={position} onChange={onChange} direction={direction} onDirectionChange={onDirectionChange} kind={kind} />
      <p class="hint">{t('log.positionHint')}</p>
      <div class="button-row">
        {(position?.source !== 'gps' || geo.error) && (
          <button type="button" class="secondary" onClick={() => void geo.request()} disabled={geo.pending}>
            {t('log.useGps')}
          </button>
        )}
        <button type="button" class="secondary" aria-expanded={manualOpen} onClick={() => setManualOpen(!manualOpen)}>
          {t('log.manualCoordinates')}
        </button>
      </div>
      {manualOpen && (
        <div class="coordinates">
          <CoordinateInput
            id="position-lat"
            label={t('log.latitude')}
            testId="latitude-input"
            inputRef={latRef}
            value={lat}
            onValue={(text) => {
              setLat(text);
              applyTyped();
            }}
          />
          <CoordinateInput
            id="position-lon"
            label={t('log.longitude')}
            testId="longitude-input"
            inputRef={lonRef}
            value={lon}
            onValue={(text) => {
              setLon(text);
              applyTyped();
            }}
          />
        </div>
      )}
      <ErrorText id={errorId} error={error} />
    </fieldset>
  );
}
