/** The supplier's catalog: 200 industrial supplies in eight categories of 25, generated from fixed
 *  tables (no randomness), so every run lists the same SKUs, type numbers and list prices. */
export interface DemoProduct {
  readonly sku: string;
  readonly typeNumber: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly unit: string;
  /** EUR, two decimals */
  readonly listPrice: string;
  readonly documents: readonly { name: string; url: string }[];
}

type Item = Omit<DemoProduct, 'sku' | 'category' | 'listPrice' | 'documents'> & { price: number; doc?: string };

export const CATEGORIES = ['fasteners', 'bearings', 'tools', 'safety', 'electrical', 'hydraulics', 'abrasives', 'chemicals'] as const;
export type Category = (typeof CATEGORIES)[number];
const PREFIX: Record<Category, string> = {
  fasteners: 'FAS', bearings: 'BRG', tools: 'TLS', safety: 'PPE', electrical: 'ELC', hydraulics: 'HYD', abrasives: 'ABR', chemicals: 'CHM',
};

const item = (name: string, typeNumber: string, unit: string, price: number, description: string, doc?: string): Item =>
  ({ name, typeNumber, unit, price, description, ...(doc ? { doc } : {}) });
const sizes = [6, 8, 10, 12, 16];

const fasteners = (): Item[] => [
  ...sizes.flatMap((m, i) => [30, 50, 80].map((l) => item(`Hex bolt M${m}x${l}, 8.8, zinc plated`, `DIN 933 M${m}x${l}`, 'piece', 0.06 + 0.03 * i * i + l * 0.002 * (i + 1), `Hexagon head screw, full thread, property class 8.8, zinc plated, M${m} x ${l} mm`, 'Material certificate EN 10204 3.1'))),
  ...sizes.map((m, i) => item(`Hex nut M${m}, 8, zinc plated`, `DIN 934 M${m}`, 'piece', 0.03 + 0.02 * i * i, `Hexagon nut, property class 8, zinc plated, M${m}`)),
  ...sizes.map((m, i) => item(`Washer ${m + 0.4} mm, steel, zinc plated`, `DIN 125-A ${m + 0.4}`, 'piece', 0.02 + 0.01 * i * i, `Flat washer form A for M${m}, 140 HV, zinc plated`)),
];

const bearings = (): Item[] => [
  ...[6200, 6201, 6202, 6203, 6204, 6205, 6206, 6207, 6208, 6209, 6210].flatMap((n, i) => [
    item(`Deep groove ball bearing ${n}-2RS`, `${n}-2RS`, 'piece', 3.2 + i * 1.45, `Single row deep groove ball bearing, rubber seals both sides, bore ${n === 6200 ? 10 : n === 6201 ? 12 : n === 6202 ? 15 : n === 6203 ? 17 : (n - 6200) * 5} mm`, 'Data sheet'),
    item(`Deep groove ball bearing ${n}-ZZ`, `${n}-ZZ`, 'piece', 2.9 + i * 1.35, `Single row deep groove ball bearing, metal shields both sides`),
  ]),
  ...[204, 205, 206].map((n, i) => item(`Pillow block bearing unit UCP${n}`, `UCP${n}`, 'piece', 14.5 + i * 3.2, `Cast iron pillow block housing with insert bearing UC${n}, grub screw locking`, 'Data sheet')),
];

const tools = (): Item[] => [
  ...[3, 4, 5, 6, 8, 10, 12].map((d) => item(`HSS-G twist drill ${d} mm`, `DIN 338 HSS-G ${d}.0`, 'piece', 1.1 + d * d * 0.06, `Ground HSS twist drill, 118° point, for steel up to 900 N/mm², Ø ${d} mm`)),
  item('Cordless drill driver 18 V', 'BDR-18V-60', 'piece', 189, 'Cordless drill driver, 60 Nm, two gears, 2 × 4.0 Ah batteries and charger in case', 'CE declaration of conformity'),
  item('Cordless impact driver 18 V', 'BID-18V-180', 'piece', 169, 'Brushless impact driver, 180 Nm, 1/4" hex chuck, body only', 'CE declaration of conformity'),
  item('Angle grinder 125 mm, 1,100 W', 'AG-125-1100', 'piece', 98, 'Angle grinder with restart protection and anti-kickback clutch', 'CE declaration of conformity'),
  item('Jigsaw 720 W', 'JS-720-P', 'piece', 129, 'Pendulum jigsaw, tool-free blade change, cutting depth 120 mm wood', 'CE declaration of conformity'),
  item('Circular saw 190 mm, 1,400 W', 'CS-190-1400', 'piece', 176, 'Hand-held circular saw, cutting depth 66 mm, guide rail compatible', 'CE declaration of conformity'),
  item('Torque wrench 20–100 Nm', 'TW-12-100', 'piece', 86, '1/2" click torque wrench, ±4 % accuracy, calibration certificate', 'Calibration certificate ISO 6789'),
  item('Torque wrench 40–200 Nm', 'TW-12-200', 'piece', 112, '1/2" click torque wrench, ±4 % accuracy, calibration certificate', 'Calibration certificate ISO 6789'),
  item('Combination spanner set 8–19 mm, 12 pcs', 'CSS-12', 'set', 54, 'Chrome vanadium combination spanners in a roll-up pouch'),
  item('Socket set 1/2", 24 pcs', 'SKS-12-24', 'set', 79, '1/2" sockets 10–32 mm, ratchet and extensions in a metal case'),
  item('VDE screwdriver set, 7 pcs', 'VDE-SD-7', 'set', 39, 'Insulated screwdrivers to 1,000 V, slotted and Phillips', 'VDE test certificate'),
  item('Hex key set 1.5–10 mm, ball end', 'HK-BE-9', 'set', 18.5, 'Nine long-arm hex keys with ball end in a holder'),
  item('Engineer\'s hammer 500 g', 'EH-500', 'piece', 16.9, 'DIN 1041 hammer, hickory handle'),
  item('Engineer\'s hammer 1,000 g', 'EH-1000', 'piece', 22.4, 'DIN 1041 hammer, hickory handle'),
  item('Spirit level 600 mm', 'SL-600', 'piece', 24, 'Aluminium box section spirit level, two vials, accuracy 0.5 mm/m'),
  item('Spirit level 1,000 mm', 'SL-1000', 'piece', 31, 'Aluminium box section spirit level, two vials, accuracy 0.5 mm/m'),
  item('Measuring tape 5 m', 'MT-5-19', 'piece', 8.9, 'Class II steel tape 19 mm, belt clip'),
  item('Measuring tape 8 m', 'MT-8-25', 'piece', 12.5, 'Class II steel tape 25 mm, belt clip'),
  item('Combination pliers 180 mm', 'DIN ISO 5746 CP-180', 'piece', 14.2, 'Chrome vanadium pliers with two-component grips'),
];

const safety = (): Item[] => [
  ...[8, 9, 10, 11].map((s) => item(`Nitrile coated work glove, size ${s}`, `EN 388 4121X NF-${s}`, 'pair', 2.35, 'Seamless knitted nylon glove, nitrile foam palm, touchscreen compatible', 'EU type examination certificate')),
  ...[8, 9, 10, 11].map((s) => item(`Cut resistant glove level C, size ${s}`, `EN 388 4X42C CR-${s}`, 'pair', 6.8, 'HPPE fibre glove with PU coating, cut level C', 'EU type examination certificate')),
  item('Safety spectacles, clear', 'EN 166 1FT SP-CL', 'piece', 4.2, 'Wraparound polycarbonate lens, anti-scratch and anti-fog', 'EU declaration of conformity'),
  item('Safety spectacles, tinted', 'EN 172 5-2.5 SP-TN', 'piece', 4.6, 'Sun glare filter, anti-scratch', 'EU declaration of conformity'),
  item('Safety goggles, indirect vent', 'EN 166 349B GG-IV', 'piece', 7.9, 'Goggles for liquid droplets and coarse dust, fits over glasses', 'EU declaration of conformity'),
  ...['white', 'yellow', 'blue'].map((c) => item(`Safety helmet, ${c}`, `EN 397 HLM-${c.slice(0, 2).toUpperCase()}`, 'piece', 11.5, `ABS helmet with 6-point ratchet harness, ${c}`, 'EU type examination certificate')),
  item('Ear defenders SNR 30 dB', 'EN 352-1 ED-30', 'piece', 17.9, 'Headband ear muffs, adjustable'),
  item('Foam ear plugs, box of 200 pairs', 'EN 352-2 EP-200', 'box', 24.5, 'Disposable polyurethane ear plugs, SNR 37 dB'),
  item('FFP2 respirator, box of 20', 'EN 149 FFP2 NR', 'box', 16, 'Folding respirator mask without valve'),
  item('FFP3 respirator with valve, box of 10', 'EN 149 FFP3 NR D', 'box', 29, 'Moulded respirator mask with exhalation valve'),
  ...[40, 41, 42, 43, 44, 45, 46].map((s) => item(`Safety shoe S3, size ${s}`, `EN ISO 20345 S3 SRC-${s}`, 'pair', 64.9, 'Low safety shoe, composite toe cap, anti-perforation midsole', 'EU type examination certificate')),
];

const electrical = (): Item[] => [
  ...['3x1.5', '3x2.5', '5x1.5', '5x2.5'].map((c, i) => item(`Installation cable NYM-J ${c} mm², ring 50 m`, `NYM-J ${c}`, 'ring', 39 + i * 21, `PVC sheathed installation cable ${c} mm², grey, ring of 50 m`, 'Declaration of performance (CPR)')),
  ...['3G1.5', '3G2.5'].map((c, i) => item(`Rubber cable H07RN-F ${c} mm², ring 50 m`, `H07RN-F ${c}`, 'ring', 72 + i * 34, 'Heavy-duty flexible rubber cable for outdoor and site use', 'Declaration of performance (CPR)')),
  ...[['200x4.8', 4.9], ['300x4.8', 6.9], ['370x7.6', 12.4]].map(([s, p]) => item(`Cable tie ${String(s)} mm, black, pack of 100`, `CT-${String(s)}`, 'pack', Number(p), 'UV-resistant polyamide 6.6 cable ties')),
  ...[['221-412', 2, 8.9], ['221-413', 3, 10.9], ['221-415', 5, 14.9]].map(([t, n, p]) => item(`Lever splicing connector ${String(n)}-conductor, pack of 50`, `WG ${String(t)}`, 'pack', Number(p), `Compact splicing connector for ${String(n)} conductors up to 4 mm²`)),
  ...['B16', 'B20', 'C16', 'C32'].map((c) => item(`Miniature circuit breaker ${c}, 1-pole`, `MCB-1P-${c}`, 'piece', 4.6 + (c === 'C32' ? 2.4 : 0), `Miniature circuit breaker ${c}, 6 kA, DIN rail`, 'CE declaration of conformity')),
  item('Residual current device 40 A / 30 mA, 4-pole', 'RCD-4P-40-30', 'piece', 38.5, 'Type A residual current circuit breaker, DIN rail', 'CE declaration of conformity'),
  item('LED panel 600x600, 36 W, 4,000 K', 'LED-PNL-6060-36', 'piece', 42, 'Recessed LED panel for suspended ceilings, UGR < 19', 'Data sheet'),
  item('LED floodlight 50 W, IP65', 'LED-FL-50', 'piece', 29, 'LED floodlight with bracket, 5,000 lm', 'Data sheet'),
  item('LED floodlight 100 W, IP65', 'LED-FL-100', 'piece', 49, 'LED floodlight with bracket, 10,000 lm', 'Data sheet'),
  item('Junction box IP65, 100x100 mm', 'JB-IP65-100', 'piece', 3.4, 'Surface-mount junction box with 7 knock-outs'),
  item('Junction box IP65, 150x110 mm', 'JB-IP65-150', 'piece', 5.1, 'Surface-mount junction box with 10 knock-outs'),
  item('Cable reel 25 m, 4 sockets', 'CR-25-4', 'piece', 58, 'Site cable reel H07RN-F 3G1.5, thermal cut-out'),
  item('Cable reel 50 m, 4 sockets', 'CR-50-4', 'piece', 96, 'Site cable reel H07RN-F 3G2.5, thermal cut-out'),
  item('Insulating tape 19 mm x 20 m, black', 'IT-19-20', 'roll', 1.2, 'PVC insulating tape, flame retardant'),
];

const hydraulics = (): Item[] => [
  ...[6, 8, 10, 12, 16].map((dn, i) => item(`Hydraulic hose 2SN DN${dn}`, `EN 853 2SN DN${dn}`, 'metre', 4.1 + i * 1.6, `Two-wire braided hydraulic hose, DN${dn}, sold by the metre`, 'Pressure rating data sheet')),
  ...['M16x1.5', 'M18x1.5', 'M22x1.5'].map((t, i) => item(`Hose fitting DKOL ${t}`, `DKOL-${t}`, 'piece', 3.6 + i * 0.9, `Press fitting, female swivel 24° cone with O-ring, ${t}`)),
  ...['1/4"', '3/8"', '1/2"'].map((s, i) => item(`Quick coupling ISO 7241-A ${s}, pair`, `QC-ISO-A-${i + 2}`, 'pair', 19 + i * 6.5, `Hydraulic quick release coupling, male and female, ${s}`)),
  ...['6x4', '8x6', '10x8'].map((s, i) => item(`Pneumatic hose PU ${s} mm, blue`, `PU-${s}-BL`, 'metre', 0.55 + i * 0.25, `Polyurethane air hose ${s} mm, sold by the metre`)),
  ...[6, 8, 10].map((d, i) => item(`Push-in fitting straight ${d} mm x G1/4`, `PIF-S-${d}-14`, 'piece', 1.9 + i * 0.35, 'Nickel-plated brass push-in fitting, male thread')),
  item('Pressure gauge 0–10 bar, Ø 63 mm', 'PG-63-10', 'piece', 9.8, 'Bourdon tube gauge, bottom connection G1/4'),
  item('Pressure gauge 0–250 bar, Ø 63 mm, glycerine', 'PG-63-250G', 'piece', 14.6, 'Glycerine-filled gauge for hydraulics, bottom connection G1/4'),
  item('Hydraulic oil HLP 46, 20 L', 'DIN 51524-2 HLP46-20', 'can', 74, 'Mineral hydraulic oil, viscosity class ISO VG 46', 'Safety data sheet'),
  item('Hydraulic oil HLP 32, 20 L', 'DIN 51524-2 HLP32-20', 'can', 71, 'Mineral hydraulic oil, viscosity class ISO VG 32', 'Safety data sheet'),
  ...['1/2"', '3/4"', '1"'].map((s, i) => item(`Ball valve ${s}, brass, lever`, `BV-MS-${['12', '34', '1'][i]}`, 'piece', 6.4 + i * 3.1, `Full-bore brass ball valve, PN 25, female threads ${s}`)),
  item('Filter regulator G1/4 with gauge', 'FR-14-G', 'piece', 34, 'Compressed air filter regulator, 5 µm, 0.5–10 bar'),
];

const abrasives = (): Item[] => [
  ...[['125x1.0', 0.9], ['125x1.6', 0.95], ['230x1.9', 2.1]].map(([s, p]) => item(`Cutting disc ${String(s)} mm, inox`, `EN 12413 CD-${String(s)}`, 'piece', Number(p), 'Thin cutting disc for stainless steel, iron and sulphur free', 'oSa certificate')),
  ...[['125x6', 2.4], ['230x6', 4.9]].map(([s, p]) => item(`Grinding disc ${String(s)} mm, steel`, `EN 12413 GD-${String(s)}`, 'piece', Number(p), 'Depressed centre grinding disc for steel', 'oSa certificate')),
  ...[40, 60, 80, 120].map((g) => item(`Flap disc 125 mm, zirconia, P${g}`, `FD-125-Z${g}`, 'piece', 3.1, `Conical flap disc, zirconia alumina, grit P${g}`)),
  ...[80, 120, 180, 240].map((g) => item(`Sanding sheet 230x280 mm P${g}, pack of 50`, `SS-230-P${g}`, 'pack', 18.5, `Aluminium oxide paper sheets, grit P${g}`)),
  ...[60, 80, 120].map((g) => item(`Sanding belt 75x533 mm P${g}, pack of 10`, `SB-75533-P${g}`, 'pack', 12.9, `Cloth-backed sanding belts, grit P${g}`)),
  item('Wire cup brush 75 mm, M14', 'WB-C-75', 'piece', 7.4, 'Crimped steel wire cup brush for angle grinders'),
  item('Wire cup brush 100 mm, M14', 'WB-C-100', 'piece', 9.9, 'Knotted steel wire cup brush for angle grinders'),
  ...[80, 120, 180, 240].map((g) => item(`Hook and loop disc 150 mm P${g}, pack of 100`, `HL-150-P${g}`, 'pack', 21, `Aluminium oxide discs, 15 holes, grit P${g}`)),
  item('Diamond blade 125 mm, universal', 'DB-125-U', 'piece', 19.5, 'Segmented diamond blade for concrete and masonry'),
  item('Diamond blade 230 mm, universal', 'DB-230-U', 'piece', 39, 'Segmented diamond blade for concrete and masonry'),
  item('Polishing pad 150 mm, medium', 'PP-150-M', 'piece', 8.2, 'Foam polishing pad with hook and loop backing'),
];

const chemicals = (): Item[] => [
  item('Multi-purpose spray 400 ml', 'MPS-400', 'can', 5.9, 'Penetrating oil, water displacing, corrosion protection', 'Safety data sheet'),
  item('Contact cleaner 400 ml', 'CC-400', 'can', 7.2, 'Residue-free cleaner for electrical contacts', 'Safety data sheet'),
  item('Lithium grease cartridge 400 g', 'LG-EP2-400', 'cartridge', 6.4, 'NLGI 2 EP lithium grease for bearings and slides', 'Safety data sheet'),
  item('Chain spray 400 ml', 'CS-400', 'can', 8.9, 'Adhesive chain lubricant, fling-resistant', 'Safety data sheet'),
  item('Threadlocker medium strength, 50 ml', 'TL-243-50', 'bottle', 17.5, 'Anaerobic threadlocker, removable with hand tools', 'Safety data sheet'),
  item('Threadlocker high strength, 50 ml', 'TL-270-50', 'bottle', 18.9, 'Anaerobic threadlocker, permanent', 'Safety data sheet'),
  item('Instant adhesive 20 g', 'IA-20', 'tube', 6.1, 'Cyanoacrylate adhesive, low viscosity', 'Safety data sheet'),
  item('Epoxy adhesive 2K, 50 ml', 'EP-2K-50', 'cartridge', 12.8, 'Two-component epoxy, 5 minute pot life', 'Safety data sheet'),
  ...['white', 'transparent', 'grey'].map((c) => item(`Silicone sealant 310 ml, ${c}`, `SIL-310-${c.slice(0, 2).toUpperCase()}`, 'cartridge', 5.2, `Neutral-cure silicone sealant, ${c}`, 'Safety data sheet')),
  item('PU foam 750 ml, gun grade', 'PUF-750-G', 'can', 8.6, 'One-component polyurethane foam, B2', 'Safety data sheet'),
  item('Cutting oil 5 L', 'CO-5', 'can', 29, 'Mineral cutting oil for drilling, tapping and sawing', 'Safety data sheet'),
  item('Hand cleaner 3 L', 'HC-3', 'can', 14.5, 'Heavy-duty hand cleaner with natural scrubbing agents'),
  item('Oil absorbent granules 20 kg', 'ABS-20', 'bag', 22, 'Mineral absorbent for oil and chemical spills', 'Safety data sheet'),
  item('Zinc spray 400 ml', 'ZS-400', 'can', 9.4, 'Cold galvanising spray, 98 % zinc', 'Safety data sheet'),
  ...['red', 'yellow', 'blue', 'white'].map((c) => item(`Marking paint 500 ml, fluorescent ${c}`, `MP-500-${c.slice(0, 2).toUpperCase()}`, 'can', 6.9, `Upside-down marking spray, ${c}`, 'Safety data sheet')),
  item('Industrial degreaser 5 L', 'DG-5', 'can', 24, 'Water-based alkaline degreaser concentrate', 'Safety data sheet'),
  item('Anti-spatter spray 400 ml', 'AS-400', 'can', 7.7, 'Silicone-free welding anti-spatter', 'Safety data sheet'),
  item('Copper paste 100 g', 'CP-100', 'tube', 9.2, 'High-temperature anti-seize paste', 'Safety data sheet'),
  item('Duct tape 50 mm x 50 m, silver', 'DT-50-SI', 'roll', 6.5, 'Cloth duct tape, hand-tearable'),
  item('Duct tape 50 mm x 50 m, black', 'DT-50-BK', 'roll', 6.5, 'Cloth duct tape, hand-tearable'),
];

const TABLES: Record<Category, () => Item[]> = { fasteners, bearings, tools, safety, electrical, hydraulics, abrasives, chemicals };

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The 200 products, in a fixed order. */
export const demoProducts = (): DemoProduct[] =>
  CATEGORIES.flatMap((category) => {
    const items = TABLES[category]();
    if (items.length !== 25) throw new Error(`the ${category} table has ${items.length} products, not 25`);
    return items.map((it, i): DemoProduct => {
      const sku = `${PREFIX[category]}-${1001 + i}`;
      return {
        sku, typeNumber: it.typeNumber, name: it.name, description: it.description, category, unit: it.unit, listPrice: it.price.toFixed(2),
        documents: it.doc ? [{ name: it.doc, url: `https://docs.supplier.example/${sku.toLowerCase()}/${slug(it.doc)}.pdf` }] : [],
      };
    });
  });

const csvField = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The catalog as the CSV of POST /api/products/import. */
export const productCsv = (products: readonly DemoProduct[]): string =>
  [
    'sku,typeNumber,name,description,category,unit,listPrice,currency,documents',
    ...products.map((p) =>
      [p.sku, p.typeNumber, p.name, p.description, p.category, p.unit, p.listPrice, 'EUR', p.documents.map((d) => `${d.name}|${d.url}`).join('; ')].map(csvField).join(','),
    ),
  ].join('\n');
