/**
 * The built-in prompt library. Written for a mixed table: all ages, many cultures, first
 * visits, little money or little French. Every prompt is easy to answer and just as easy
 * to pass; none asks about money, work, health, family, faith, politics, origins or age,
 * and none takes for granted a home, a family, a trip, a car, a job or a happy childhood.
 * The French and English are each written to sound natural, not translated word for word.
 *
 * Ids are stable: the canteen's history refers to them. Retire a prompt by deleting it,
 * never by giving its id to a different question.
 */
import type { Prompt, PromptCategory, PromptPhase } from './types.ts';

type Row = readonly [id: string, phases: readonly PromptPhase[], fr: string, en: string, keywords?: readonly string[]];

const C = ['cooking'] as const;
const T = ['table'] as const;
const W = ['washing-up'] as const;
const CT = ['cooking', 'table'] as const;
const CW = ['cooking', 'washing-up'] as const;
const TW = ['table', 'washing-up'] as const;
const ALL = ['cooking', 'table', 'washing-up'] as const;

// Keyword sets shared by several prompts, French and English side by side.
const K = {
	carrot: ['carotte', 'carrot'],
	potato: ['pomme de terre', 'patate', 'potato'],
	soup: ['soupe', 'potage', 'velouté', 'soup'],
	lentil: ['lentille', 'dal', 'lentil'],
	rice: ['riz', 'risotto', 'rice'],
	couscous: ['couscous', 'semoule', 'semolina'],
	bread: ['pain', 'baguette', 'bread'],
	apple: ['pomme', 'compote', 'apple'],
	pumpkin: ['potiron', 'citrouille', 'courge', 'butternut', 'pumpkin', 'squash'],
	tomato: ['tomate', 'tomato'],
	onion: ['oignon', 'échalote', 'onion', 'shallot'],
	cheese: ['fromage', 'cheese'],
	egg: ['œuf', 'omelette', 'egg', 'omelet'],
	pasta: ['pâtes', 'spaghetti', 'macaroni', 'coquillette', 'pasta'],
	spice: ['épice', 'cumin', 'cannelle', 'paprika', 'curcuma', 'gingembre', 'spice', 'cinnamon', 'turmeric', 'ginger'],
	herb: ['herbe', 'persil', 'coriandre', 'menthe', 'basilic', 'herb', 'parsley', 'coriander', 'mint', 'basil'],
	chickpea: ['pois chiche', 'houmous', 'falafel', 'chickpea', 'hummus'],
	cake: ['gâteau', 'cake'],
	garlic: ['ail', 'garlic'],
	cabbage: ['chou', 'cabbage'],
	courgette: ['courgette', 'zucchini'],
	salad: ['salade', 'vinaigrette', 'salad'],
	bean: ['haricot', 'bean'],
	lemon: ['citron', 'lemon'],
	leek: ['poireau', 'leek'],
	pancake: ['crêpe', 'galette', 'pancake'],
	chocolate: ['chocolat', 'chocolate'],
	dough: ['pâte', 'pizza', 'dough']
} as const;

const foodMemories: Row[] = [
	['fm-001', CT, 'Quel plat vous rappelle un bon souvenir ?', 'Which dish brings back a good memory?'],
	[
		'fm-002',
		CT,
		'Quelle odeur de cuisine vous met tout de suite de bonne humeur ?',
		'Which cooking smell puts you in a good mood straight away?'
	],
	[
		'fm-003',
		ALL,
		'Y a-t-il un aliment que vous détestiez avant et que vous adorez maintenant ?',
		'Is there a food you used to hate and now love?'
	],
	[
		'fm-004',
		T,
		'Quel est le meilleur repas partagé dont vous vous souvenez ? Pas besoin qu’il soit chic !',
		'What’s the best shared meal you can remember? It doesn’t have to be fancy!'
	],
	['fm-005', CT, 'Qu’est-ce qui vous fait envie les jours de pluie ?', 'What do you feel like eating on a rainy day?'],
	[
		'fm-006',
		CT,
		'Quel est le premier plat que vous avez su préparer, même si c’était juste des pâtes ?',
		'What’s the first thing you ever learned to cook, even if it was just toast?'
	],
	[
		'fm-007',
		T,
		'Quel goût vous fait voyager sans quitter votre chaise ?',
		'Which flavour takes you somewhere else without leaving your chair?'
	],
	[
		'fm-008',
		T,
		'Quelle est la chose la plus étonnante que vous ayez goûtée ?',
		'What’s the most surprising thing you’ve ever tasted?'
	],
	['fm-009', ALL, 'Quel fruit a le goût de l’été, pour vous ?', 'Which fruit tastes like summer to you?'],
	['fm-010', TW, 'Quel dessert vous fait craquer à tous les coups ?', 'Which dessert gets you every single time?'],
	[
		'fm-011',
		CW,
		'Qui a déjà raté un plat de façon mémorable ? On veut l’histoire !',
		'Who’s had a memorable kitchen disaster? Let’s hear it!'
	],
	[
		'fm-012',
		T,
		'Racontez-nous un pique-nique réussi, qu’il soit vrai ou rêvé !',
		'Tell us about a great picnic, real or imagined!'
	],
	['fm-013', TW, 'Quelle boisson chaude vous fait le plus de bien ?', 'Which hot drink does you the most good?'],
	[
		'fm-014',
		T,
		'Qu’est-ce qui transforme un simple repas en fête, pour vous ?',
		'What turns an ordinary meal into a celebration, for you?'
	],
	[
		'fm-015',
		T,
		'Avez-vous découvert un nouveau goût ici, à la cantine ?',
		'Have you discovered a new flavour here at the canteen?'
	],
	['fm-016', ALL, 'Quel plat tout simple vous donne le sourire ?', 'What’s the simplest food that makes you happy?'],
	[
		'fm-017',
		CT,
		'Y a-t-il une recette qu’on vous a transmise et que vous aimeriez partager ?',
		'Is there a recipe someone passed on to you that you’d like to share?'
	],
	[
		'fm-018',
		C,
		'Quelle odeur vous fait dire : « Ça sent bon ici » ?',
		'Which smell makes you say “Ooh, something smells good in here”?'
	],
	[
		'fm-019',
		T,
		'Salé ou sucré : à quoi ressemble votre petit-déjeuner de rêve ?',
		'Sweet or savoury: what does your dream breakfast look like?'
	],
	['fm-020', CT, 'Y a-t-il une soupe que vous n’avez jamais oubliée ?', 'Is there a soup you still remember?', K.soup],
	[
		'fm-021',
		T,
		'Quel est le meilleur pain que vous ayez mangé ? On veut tous les détails !',
		'What’s the best bread you’ve ever had? Tell us everything!',
		K.bread
	],
	[
		'fm-022',
		ALL,
		'Quel plat a le goût d’une saison, pour vous ?',
		'Which dish tastes like a particular season to you?'
	],
	[
		'fm-023',
		C,
		'Y a-t-il une épice ou une herbe dont l’odeur vous emmène ailleurs ?',
		'Is there a spice or herb whose smell carries you off somewhere?',
		[...K.spice, ...K.herb]
	],
	['fm-024', CT, 'Quel plat vous a valu le plus de compliments ?', 'Which dish has won you the most compliments?'],
	['fm-025', TW, 'Quel est votre goûter idéal ?', 'What’s your ideal afternoon snack?'],
	[
		'fm-026',
		C,
		'Quelqu’un vous a-t-il appris un geste de cuisine que vous faites encore ?',
		'Has anyone taught you a kitchen trick you still use?'
	],
	[
		'fm-027',
		T,
		'Quel est le repas le plus drôle ou le plus bizarre auquel vous ayez participé ?',
		'What’s the funniest or strangest meal you’ve ever been part of?'
	],
	[
		'fm-028',
		T,
		'Un fruit ou un légume découvert sur le tard et adopté depuis ?',
		'Is there a fruit or vegetable you came to late and now can’t do without?'
	],
	[
		'fm-029',
		T,
		'Si vous pouviez manger le plat de votre choix demain, lequel ce serait ?',
		'If you could have any dish at all tomorrow, what would it be?'
	],
	[
		'fm-030',
		T,
		'Y a-t-il un plat, d’ici ou d’ailleurs, que vous aimeriez faire découvrir à la table ?',
		'Is there a dish, from here or anywhere, you’d love this table to try?'
	],
	[
		'fm-031',
		C,
		'Quel bruit de cuisine aimez-vous : le grésillement, le couteau, la bouilloire… ?',
		'Which kitchen sound do you love: the sizzle, the chopping, the kettle…?'
	],
	[
		'fm-032',
		TW,
		'Qui a un souvenir de cueillette : mûres, pommes, champignons… ?',
		'Anyone got a memory of picking food: blackberries, apples, mushrooms…?'
	],
	[
		'fm-033',
		T,
		'Quel plat avez-vous adoré manger avec les doigts ?',
		'What’s a dish you’ve loved eating with your fingers?'
	],
	[
		'fm-034',
		T,
		'Quel plat est un vrai câlin dans l’assiette, pour vous ?',
		'Which dish feels like a hug on a plate, for you?'
	],
	['fm-035', ALL, 'Y a-t-il une recette que vous rêvez d’apprendre ?', 'Is there a recipe you’d love to learn?'],
	['fm-036', C, 'Quel plat sent bon bien avant d’être prêt ?', 'Which dish smells wonderful long before it’s ready?'],
	[
		'fm-037',
		C,
		'Qui a déjà cuisiné pour beaucoup de monde ? Comment ça s’est passé ?',
		'Who’s cooked for a crowd before? How did it go?'
	],
	['fm-038', T, 'Quel est le plat auquel vous ne dites jamais non ?', 'What’s the one dish you’d never say no to?'],
	[
		'fm-039',
		W,
		'Qu’est-ce qui vous a fait le plus plaisir dans le repas d’aujourd’hui ?',
		'What did you enjoy most about today’s meal?'
	],
	[
		'fm-040',
		W,
		'Quel plat d’aujourd’hui aimeriez-vous refaire un jour ?',
		'Which of today’s dishes would you like to make again one day?'
	]
];

const neighbourhood: Row[] = [
	['nb-001', TW, 'Quel est votre coin préféré du quartier ?', 'What’s your favourite spot in the neighbourhood?'],
	[
		'nb-002',
		ALL,
		'Où se trouve le meilleur banc du quartier pour souffler un peu ?',
		'Where’s the best bench round here for a breather?'
	],
	[
		'nb-003',
		T,
		'Quel arbre du quartier mériterait d’avoir un prénom ?',
		'Which tree round here deserves a name of its own?'
	],
	[
		'nb-004',
		ALL,
		'Si le quartier avait une chanson, ce serait laquelle ?',
		'If the neighbourhood had a theme song, what would it be?'
	],
	[
		'nb-005',
		T,
		'Quel endroit du coin est le plus beau au coucher du soleil ?',
		'Where round here is loveliest at sunset?'
	],
	[
		'nb-006',
		TW,
		'Qu’aimeriez-vous voir apparaître dans le quartier : un jardin, un four à pain, une fresque… ?',
		'What would you love to see appear round here: a garden, a bread oven, a mural…?'
	],
	[
		'nb-007',
		ALL,
		'Quel est le meilleur raccourci du quartier ? Promis, on garde le secret !',
		'What’s the best shortcut in the neighbourhood? We’ll keep it secret, promise!'
	],
	[
		'nb-008',
		T,
		'Quelle est la plus jolie façade ou la plus belle vitrine du coin ?',
		'Which building or shopfront round here is the prettiest?'
	],
	['nb-009', TW, 'Où entend-on le mieux les oiseaux par ici ?', 'Where’s the best place round here to hear birdsong?'],
	[
		'nb-010',
		T,
		'Avez-vous repéré une fresque ou un graffiti qui vous plaît dans le quartier ?',
		'Have you spotted a mural or a bit of street art you like round here?'
	],
	['nb-011', ALL, 'Quel est l’endroit le plus calme du quartier ?', 'Where’s the quietest spot in the neighbourhood?'],
	[
		'nb-012',
		ALL,
		'Si on organisait une fête des voisins, qu’est-ce qu’il faudrait absolument ?',
		'If we threw a street party, what would be an absolute must?'
	],
	[
		'nb-013',
		T,
		'Dans quelle boutique du quartier est-on accueilli avec le plus beau sourire ?',
		'Which shop round here has the friendliest face behind the counter?'
	],
	[
		'nb-014',
		T,
		'Quelle odeur vous fait reconnaître le quartier ?',
		'Which smell tells you you’re in this neighbourhood?'
	],
	[
		'nb-015',
		ALL,
		'Où trouver de l’ombre par ici quand il fait très chaud ?',
		'Where do you find shade round here on a really hot day?'
	],
	['nb-016', T, 'Où est le plus beau point de vue du coin ?', 'Where’s the best view round here?'],
	[
		'nb-017',
		T,
		'Y a-t-il un lieu du quartier dont vous aimeriez connaître l’histoire ?',
		'Is there a place round here whose story you’d love to know?'
	],
	[
		'nb-018',
		TW,
		'Qui connaît une anecdote sur une rue ou un bâtiment du quartier ?',
		'Who knows a story about a street or a building in the neighbourhood?'
	],
	[
		'nb-019',
		T,
		'Si quelqu’un découvrait le quartier demain, où l’emmèneriez-vous en premier ?',
		'If someone new came to the neighbourhood tomorrow, where would you take them first?'
	],
	[
		'nb-020',
		ALL,
		'Quels animaux croise-t-on dans le quartier : chats, pigeons, hérissons… ?',
		'Which animals do you bump into round here: cats, pigeons, foxes…?'
	],
	[
		'nb-021',
		T,
		'Quel est le meilleur endroit du quartier pour regarder les gens passer ?',
		'Where’s the best spot round here for people-watching?'
	],
	[
		'nb-022',
		ALL,
		'Si on plantait un potager dans le quartier, où le mettriez-vous ?',
		'If we planted a vegetable patch round here, where would you put it?'
	],
	[
		'nb-023',
		T,
		'À part ici, où est-ce que vous vous sentez bien dans le quartier ?',
		'Apart from here, where do you feel good in the neighbourhood?'
	],
	[
		'nb-024',
		ALL,
		'Si on devait rebaptiser la cantine, quel nom lui donneriez-vous ?',
		'If we had to rename the canteen, what would you call it?'
	],
	[
		'nb-025',
		T,
		'Avez-vous remarqué quelque chose de nouveau et de chouette dans le quartier ?',
		'Have you noticed anything new and nice round here lately?'
	],
	[
		'nb-026',
		ALL,
		'Quel bruit entend-on toujours dans le quartier ?',
		'What sound do you always hear in this neighbourhood?'
	],
	['nb-027', TW, 'Où trouve-t-on les plus belles fleurs du coin ?', 'Where are the prettiest flowers round here?'],
	[
		'nb-028',
		T,
		'Quelle rue du quartier est la plus agréable pour flâner ?',
		'Which street round here is nicest for a wander?'
	],
	[
		'nb-029',
		ALL,
		'Si le quartier était un plat, ce serait lequel ?',
		'If the neighbourhood were a dish, what would it be?'
	],
	[
		'nb-030',
		T,
		'Quel est votre endroit préféré pour lire ou rêvasser dehors ?',
		'Where’s your favourite outdoor spot to read or daydream?'
	],
	[
		'nb-031',
		TW,
		'Qu’est-ce qu’on pourrait faire ensemble dans le quartier aux beaux jours ?',
		'What could we all do together round here when the weather turns nice?'
	],
	[
		'nb-032',
		T,
		'Quelle est la chose la plus inattendue que vous ayez vue dans la rue par ici ?',
		'What’s the most unexpected thing you’ve seen in the street round here?'
	],
	[
		'nb-033',
		CT,
		'Où sent-on la meilleure odeur de pain chaud le matin ?',
		'Where do you get the best smell of fresh bread in the morning?'
	],
	[
		'nb-034',
		ALL,
		'Si vous pouviez ajouter une chose à cette salle, ce serait quoi ?',
		'If you could add one thing to this room, what would it be?'
	],
	[
		'nb-035',
		TW,
		'Quel endroit du quartier serait parfait pour un pique-nique ?',
		'Where round here would be perfect for a picnic?'
	],
	[
		'nb-036',
		T,
		'Quel marché, quelle place ou quel parc a le plus d’ambiance ?',
		'Which market, square or park round here has the best atmosphere?'
	],
	[
		'nb-037',
		W,
		'Qui repart dans la même direction ? On fait un bout de chemin ensemble ?',
		'Anyone heading the same way? Shall we walk a bit of it together?'
	],
	[
		'nb-038',
		W,
		'Qu’est-ce qui se passe dans le quartier cette semaine et qui vous fait envie ?',
		'Is anything happening round here this week that you fancy going to?'
	]
];

const skills: Row[] = [
	[
		'sk-001',
		C,
		'Qui à cette table sait éplucher une carotte plus vite que son ombre ?',
		'Who here can peel a carrot faster than their shadow?',
		K.carrot
	],
	['sk-002', ALL, 'Qui sait siffler avec les doigts ?', 'Who can whistle with their fingers?'],
	[
		'sk-003',
		C,
		'Quelle petite astuce de cuisine pourriez-vous nous apprendre en deux minutes ?',
		'What little kitchen trick could you teach us in two minutes?'
	],
	[
		'sk-004',
		TW,
		'Qui sait recoudre un bouton ? Et qui aimerait apprendre ?',
		'Who can sew a button back on? And who’d like to learn?'
	],
	[
		'sk-005',
		ALL,
		'Qu’aimeriez-vous apprendre si quelqu’un ici pouvait vous le montrer ?',
		'What would you love to learn if someone here could show you?'
	],
	[
		'sk-006',
		CT,
		'Qui sait plier une serviette en fleur, en bateau… ou en n’importe quoi ?',
		'Who can fold a napkin into a flower, a boat… or anything at all?'
	],
	[
		'sk-007',
		T,
		'Qui a la main verte ? Un conseil pour faire pousser quelque chose ?',
		'Who’s got green fingers? Any tips for growing something?'
	],
	[
		'sk-008',
		ALL,
		'Qui sait réparer un vélo, une chaise bancale ou un grille-pain ?',
		'Who can fix a bike, a wobbly chair or a toaster?'
	],
	['sk-009', T, 'Qui connaît un tour de magie, même tout petit ?', 'Does anyone know a magic trick, even a tiny one?'],
	[
		'sk-010',
		T,
		'Combien de façons de dire « bon appétit » connaît-on à cette table ?',
		'How many ways of saying “enjoy your meal” can this table come up with?'
	],
	[
		'sk-011',
		C,
		'Qui sait couper un oignon sans pleurer ? C’est quoi le secret ?',
		'Who can chop an onion without crying? What’s the secret?',
		K.onion
	],
	['sk-012', C, 'Qui ose faire sauter une crêpe ?', 'Who dares to flip a pancake?', K.pancake],
	['sk-013', TW, 'Qui ici sait tricoter, crocheter ou broder ?', 'Who here can knit, crochet or embroider?'],
	['sk-014', T, 'Qui sait reconnaître un oiseau à son chant ?', 'Can anyone recognise a bird by its song?'],
	[
		'sk-015',
		ALL,
		'Qui peut nous apprendre un mot dans une autre langue ?',
		'Who can teach us a word in another language?'
	],
	[
		'sk-016',
		C,
		'Quel geste de cuisine pourriez-vous faire les yeux fermés ?',
		'Which kitchen task could you do with your eyes closed?'
	],
	[
		'sk-017',
		T,
		'Qui aime dessiner ? Un petit croquis de la cantine, ça vous dit ?',
		'Anyone here like drawing? Fancy a quick sketch of the canteen?'
	],
	[
		'sk-018',
		W,
		'Qui connaît une chanson parfaite pour faire la vaisselle ?',
		'Who knows the perfect song for doing the washing-up?'
	],
	[
		'sk-019',
		C,
		'Qui a un truc pour que le riz ne colle pas ?',
		'Who’s got a trick for rice that doesn’t stick?',
		K.rice
	],
	['sk-020', W, 'Quel est votre secret pour une vaisselle qui brille ?', 'What’s your secret for sparkling dishes?'],
	[
		'sk-021',
		TW,
		'Qui sait porter trois assiettes à la fois sans rien casser ?',
		'Who can carry three plates at once without breaking anything?'
	],
	['sk-022', TW, 'Qui sait jongler, même avec deux oranges ?', 'Can anyone juggle, even with just two oranges?'],
	[
		'sk-023',
		ALL,
		'Avez-vous un talent caché à nous révéler aujourd’hui ?',
		'Got a hidden talent you’d like to reveal today?'
	],
	[
		'sk-024',
		C,
		'Qui sait pétrir une pâte à pain ou à pizza à la main ?',
		'Who can knead bread or pizza dough by hand?',
		[...K.dough, ...K.bread]
	],
	['sk-025', CW, 'Qui sait bien aiguiser un couteau ?', 'Who knows how to sharpen a knife properly?'],
	[
		'sk-026',
		T,
		'Qui se souvient du prénom de tout le monde autour de la table ? On vérifie !',
		'Who can remember everyone’s name round the table? Let’s check!'
	],
	[
		'sk-027',
		TW,
		'Qui sait faire un nœud de marin, ou un joli nœud de ruban ?',
		'Who can tie a sailor’s knot, or a perfect bow?'
	],
	[
		'sk-028',
		CW,
		'Qui a une astuce pour ne rien gaspiller en cuisine ?',
		'Who’s got a trick for wasting nothing in the kitchen?'
	],
	[
		'sk-029',
		C,
		'Qui sait distinguer le persil de la coriandre rien qu’à l’odeur ?',
		'Who can tell parsley from coriander just by the smell?',
		K.herb
	],
	[
		'sk-030',
		ALL,
		'Qu’est-ce que vous savez faire de vos mains et qui rend bien service ?',
		'What can you do with your hands that comes in handy?'
	],
	[
		'sk-031',
		T,
		'Qui sait compter jusqu’à dix dans plusieurs langues ?',
		'Who can count to ten in more than one language?'
	],
	[
		'sk-032',
		W,
		'Qui a une méthode pour ranger une cuisine en un temps record ?',
		'Who’s got a system for tidying a kitchen in record time?'
	],
	['sk-033', TW, 'Qui peut nous montrer un pas de danse facile ?', 'Who can show us an easy dance step?'],
	[
		'sk-034',
		C,
		'Qui sait goûter une sauce et dire ce qui lui manque ?',
		'Who can taste a sauce and tell what it’s missing?'
	],
	[
		'sk-035',
		ALL,
		'Qu’avez-vous appris récemment, petite chose ou grande ?',
		'What have you learned lately, big or small?'
	],
	[
		'sk-036',
		T,
		'Qui sait faire des origamis ? Un petit pliage pour décorer la table ?',
		'Can anyone do origami? A little something to decorate the table?'
	],
	[
		'sk-037',
		W,
		'Qui sait essuyer les verres sans laisser une seule trace ?',
		'Who can dry glasses without leaving a single smear?'
	],
	[
		'sk-038',
		C,
		'Qui sait couper des légumes en tout petits dés bien réguliers ?',
		'Who can dice vegetables into tiny, perfectly even cubes?'
	]
];

const menu: Row[] = [
	[
		'mn-001',
		CT,
		'Qui a déjà vu une carotte violette, jaune ou blanche ?',
		'Who’s ever seen a purple, yellow or white carrot?',
		K.carrot
	],
	[
		'mn-002',
		TW,
		'Carottes râpées : plutôt citron ou vinaigrette ?',
		'Grated carrots: lemon juice or vinaigrette?',
		K.carrot
	],
	[
		'mn-003',
		ALL,
		'Frites, purée ou au four : la pomme de terre, vous l’aimez comment ?',
		'Chips, mash or roasted: how do you like your potatoes best?',
		K.potato
	],
	[
		'mn-004',
		C,
		'Combien de plats différents peut-on faire avec une pomme de terre ? On compte !',
		'How many different dishes can you make from a potato? Let’s count!',
		K.potato
	],
	[
		'mn-005',
		ALL,
		'Soupe bien lisse ou soupe avec des morceaux ? Le grand débat !',
		'Smooth soup or chunky soup? The great debate!',
		K.soup
	],
	[
		'mn-006',
		C,
		'Qu’est-ce qu’on pourrait ajouter à cette soupe pour la rendre inoubliable ?',
		'What could we add to this soup to make it unforgettable?',
		K.soup
	],
	[
		'mn-007',
		C,
		'Lentilles vertes, corail ou noires : qui sait les reconnaître ?',
		'Green, red or black lentils: who can tell them apart?',
		K.lentil
	],
	[
		'mn-008',
		ALL,
		'Qui connaît une bonne façon de cuisiner les lentilles ?',
		'Does anyone know a great way to cook lentils?',
		K.lentil
	],
	[
		'mn-009',
		ALL,
		'Riz gluant, riz parfumé ou riz au lait : c’est lequel, votre préféré ?',
		'Sticky rice, fragrant rice or rice pudding: which is your favourite?',
		K.rice
	],
	[
		'mn-010',
		T,
		'Combien de plats à base de riz peut-on citer autour de la table ?',
		'How many rice dishes can this table name?',
		K.rice
	],
	[
		'mn-011',
		C,
		'Couscous : qui a une astuce pour une graine bien légère ?',
		'Couscous: who’s got a trick for light, fluffy grains?',
		K.couscous
	],
	[
		'mn-012',
		TW,
		'Le couscous, vous l’aimez avec quoi : légumes, pois chiches, raisins secs… ?',
		'What do you like with your couscous: vegetables, chickpeas, raisins…?',
		[...K.couscous, ...K.chickpea]
	],
	[
		'mn-013',
		T,
		'Le pain, c’est meilleur tout chaud ou le lendemain en pain perdu ?',
		'When’s bread at its best: warm from the oven, or the next day as French toast?',
		K.bread
	],
	['mn-014', TW, 'Plutôt croûte ou plutôt mie ?', 'Crust or soft middle: which team are you on?', K.bread],
	[
		'mn-015',
		TW,
		'Quelle est la meilleure variété de pomme, selon vous ?',
		'Which apple variety is the best, in your opinion?',
		K.apple
	],
	[
		'mn-016',
		T,
		'Pomme crue, au four, en compote ou en tarte : vous choisissez laquelle ?',
		'Apples raw, baked, stewed or in a pie: which would you pick?',
		K.apple
	],
	[
		'mn-017',
		C,
		'Potiron, butternut, citrouille : qui sait faire la différence ?',
		'Pumpkin, butternut, squash: who can tell them apart?',
		K.pumpkin
	],
	[
		'mn-018',
		C,
		'Si on dessinait un visage sur cette courge, il aurait quelle expression ?',
		'If we drew a face on this pumpkin, what expression would it have?',
		K.pumpkin
	],
	[
		'mn-019',
		ALL,
		'La tomate : fruit ou légume ? À vous de trancher !',
		'Tomato: fruit or vegetable? You decide!',
		K.tomato
	],
	[
		'mn-020',
		T,
		'Quelle est la meilleure façon de manger une tomate bien mûre ?',
		'What’s the best way to eat a really ripe tomato?',
		K.tomato
	],
	[
		'mn-021',
		ALL,
		'Oignon cru, fondant ou caramélisé : lequel vous fait craquer ?',
		'Onions raw, soft or caramelised: which do you love most?',
		K.onion
	],
	[
		'mn-022',
		TW,
		'Quel fromage emporteriez-vous sur une île déserte ?',
		'Which cheese would you take to a desert island?',
		K.cheese
	],
	[
		'mn-023',
		T,
		'Plutôt fromage qui coule ou fromage bien dur ?',
		'Runny cheese or hard cheese: where do you stand?',
		K.cheese
	],
	[
		'mn-024',
		ALL,
		'À la coque, brouillé ou au plat : l’œuf, vous le préférez comment ?',
		'Boiled, scrambled or fried: how do you like your eggs?',
		K.egg
	],
	['mn-025', C, 'Qui sait casser un œuf d’une seule main ?', 'Who can crack an egg with one hand?', K.egg],
	[
		'mn-026',
		ALL,
		'Quelle forme de pâtes est la meilleure : spaghettis, coquillettes, papillons… ?',
		'Which pasta shape is the best: spaghetti, penne, bows…?',
		K.pasta
	],
	[
		'mn-027',
		C,
		'Combien de minutes pour des pâtes parfaites ? Chacun son avis !',
		'How long for perfect pasta? Everyone’s got an opinion!',
		K.pasta
	],
	[
		'mn-028',
		ALL,
		'Quelle épice mettriez-vous partout si vous pouviez ?',
		'Which spice would you put in everything if you could?',
		K.spice
	],
	[
		'mn-029',
		CT,
		'Qui peut deviner les épices de ce plat rien qu’à l’odeur ?',
		'Who can guess the spices in this dish just by the smell?',
		K.spice
	],
	[
		'mn-030',
		ALL,
		'Persil, coriandre, menthe, basilic : quelle herbe vous parle le plus ?',
		'Parsley, coriander, mint or basil: which herb speaks to you?',
		K.herb
	],
	[
		'mn-031',
		ALL,
		'Les pois chiches : en houmous, en couscous, en salade… Vous les préférez comment ?',
		'Chickpeas: in hummus, in couscous, in a salad… what’s your favourite way?',
		K.chickpea
	],
	[
		'mn-032',
		C,
		'Qui a déjà fait du houmous soi-même ? C’est quoi le secret ?',
		'Who’s made hummus from scratch? What’s the secret?',
		K.chickpea
	],
	[
		'mn-033',
		ALL,
		'Quel gâteau feriez-vous pour fêter un mardi ordinaire ?',
		'What cake would you bake to celebrate an ordinary Tuesday?',
		K.cake
	],
	[
		'mn-034',
		TW,
		'Gâteau au chocolat ou gâteau aux fruits ? Il faut choisir !',
		'Chocolate cake or fruit cake? You have to choose!',
		[...K.cake, ...K.chocolate]
	],
	['mn-035', C, 'Quel ingrédient du jour vous inspire le plus ?', 'Which of today’s ingredients inspires you most?'],
	[
		'mn-036',
		C,
		'Qu’est-ce qui sent le plus bon dans la cuisine en ce moment ?',
		'What smells best in the kitchen right now?'
	],
	[
		'mn-037',
		CT,
		'Si vous deviez donner un nom au plat du jour, ce serait quoi ?',
		'If you had to give today’s dish a name, what would it be?'
	],
	[
		'mn-038',
		ALL,
		'Quel plat aimeriez-vous qu’on cuisine ensemble un jour ici ?',
		'Which dish would you love us to cook together here one day?'
	],
	[
		'mn-039',
		W,
		'Avec les restes d’aujourd’hui, qu’est-ce qu’on pourrait inventer ?',
		'What could we invent with today’s leftovers?'
	],
	[
		'mn-040',
		CT,
		'Quel légume du jour mériterait qu’on l’aime un peu plus ?',
		'Which of today’s vegetables deserves a bit more love?'
	],
	['mn-041', C, 'L’ail : un peu, beaucoup, passionnément ?', 'Garlic: a little, a lot, or all of it?', K.garlic],
	[
		'mn-042',
		CT,
		'Le chou : qui a une recette qui le ferait aimer de tout le monde ?',
		'Cabbage: who’s got a recipe that would win everyone over?',
		K.cabbage
	],
	[
		'mn-043',
		CT,
		'Farcie, en gratin ou en soupe : la courgette, vous l’aimez comment ?',
		'Stuffed, in a gratin or in soup: how do you like courgettes?',
		K.courgette
	],
	[
		'mn-044',
		CW,
		'Quel dessert pourrait-on faire avec des pommes et un peu d’imagination ?',
		'What pudding could we make with apples and a bit of imagination?',
		K.apple
	],
	[
		'mn-045',
		C,
		'Qui sait faire une vinaigrette dont tout le monde redemande ?',
		'Who makes a salad dressing everyone asks for more of?',
		K.salad
	],
	[
		'mn-046',
		T,
		'Riz, pâtes, pain ou semoule : si vous ne deviez en garder qu’un ?',
		'Rice, pasta, bread or couscous: if you could only keep one?',
		[...K.rice, ...K.pasta, ...K.bread, ...K.couscous]
	],
	[
		'mn-047',
		C,
		'Haricots, lentilles, pois chiches : qui connaît une recette un peu différente ?',
		'Beans, lentils, chickpeas: who knows a recipe with a twist?',
		[...K.bean, ...K.lentil, ...K.chickpea]
	],
	[
		'mn-048',
		T,
		'Le citron : plutôt dans le plat, dans le dessert ou dans l’eau ?',
		'Lemon: in the main dish, in the pudding or in your water?',
		K.lemon
	],
	[
		'mn-049',
		C,
		'Le poireau : qui sait bien le laver sans y passer une heure ?',
		'Leeks: who knows how to wash them properly without taking all day?',
		K.leek
	],
	['mn-050', T, 'Les crêpes : plutôt sucrées ou salées ?', 'Pancakes: sweet or savoury?', K.pancake],
	[
		'mn-051',
		W,
		'Qui veut bien deviner la recette du dessert d’aujourd’hui ?',
		'Who wants to have a go at guessing how today’s pudding was made?'
	],
	[
		'mn-052',
		C,
		'Qui sait râper le fromage sans se râper les doigts ?',
		'Who can grate cheese without grating their knuckles?',
		K.cheese
	],
	[
		'mn-053',
		C,
		'Qui sait reconnaître un pain bien cuit rien qu’en tapant dessous ?',
		'Who can tell a loaf is done just by tapping the bottom?',
		K.bread
	],
	[
		'mn-054',
		TW,
		'Potiron en soupe, en gratin ou en gâteau : vous votez pour quoi ?',
		'Pumpkin in soup, in a gratin or in a cake: what gets your vote?',
		K.pumpkin
	]
];

const lightFun: Row[] = [
	['lf-001', ALL, 'Si vous étiez un légume, lequel seriez-vous ?', 'If you were a vegetable, which one would you be?'],
	[
		'lf-002',
		CW,
		'Quelle chanson met tout le monde de bonne humeur en cuisine ?',
		'Which song gets everyone in a good mood in the kitchen?'
	],
	[
		'lf-003',
		CW,
		'Quel super-pouvoir serait le plus utile en cuisine ?',
		'Which superpower would be most useful in a kitchen?'
	],
	['lf-004', T, 'Plutôt sucré ou salé ? Et pourquoi ?', 'Sweet or savoury? And why?'],
	[
		'lf-005',
		ALL,
		'Si cette cantine était un animal, ce serait lequel ?',
		'If this canteen were an animal, what would it be?'
	],
	['lf-006', TW, 'Quel est votre bruit préféré au monde ?', 'What’s your favourite sound in the world?'],
	[
		'lf-007',
		T,
		'Si vous pouviez inventer un fruit, à quoi ressemblerait-il ?',
		'If you could invent a new fruit, what would it be like?'
	],
	['lf-008', CW, 'Quel ustensile de cuisine vous ressemble le plus ?', 'Which kitchen utensil is most like you?'],
	[
		'lf-009',
		ALL,
		'Pluie, soleil, neige ou grand vent : quel temps vous met de bonne humeur ?',
		'Rain, sun, snow or a good strong wind: which weather cheers you up?'
	],
	[
		'lf-010',
		C,
		'Si la grande marmite avait un nom de scène, ce serait lequel ?',
		'If the big pot had a stage name, what would it be?'
	],
	[
		'lf-011',
		T,
		'Quelle question aimeriez-vous qu’on vous pose plus souvent ?',
		'What question do you wish people asked you more often?'
	],
	[
		'lf-012',
		ALL,
		'Chat ou chien ? Ou plutôt poule, escargot, dragon… ?',
		'Cats or dogs? Or chickens, snails, dragons…?'
	],
	[
		'lf-013',
		T,
		'Si vous pouviez parler avec un animal, lequel choisiriez-vous ?',
		'If you could talk to one animal, which would you pick?'
	],
	[
		'lf-014',
		T,
		'Quel mot, dans n’importe quelle langue, vous fait rire ?',
		'Which word, in any language, makes you laugh?'
	],
	[
		'lf-015',
		T,
		'Quelle histoire, quel film ou quelle chanson vous a fait rire dernièrement ?',
		'What story, film or song made you laugh lately?'
	],
	[
		'lf-016',
		W,
		'Si la vaisselle pouvait parler, qu’est-ce qu’elle dirait de nous ?',
		'If the dishes could talk, what would they say about us?'
	],
	['lf-017', ALL, 'C’est quoi, le meilleur moment de la journée ?', 'What’s the best time of day, in your opinion?'],
	[
		'lf-018',
		T,
		'Si vous pouviez ajouter une fête au calendrier, ce serait la fête de quoi ?',
		'If you could add a new celebration to the calendar, what would it celebrate?'
	],
	[
		'lf-019',
		ALL,
		'Si c’était vous qui décidiez, de quelle couleur serait la cantine ?',
		'If it were up to you, what colour would the canteen be?'
	],
	[
		'lf-020',
		T,
		'Quel est le plat le plus difficile à manger avec élégance ?',
		'What’s the hardest dish to eat elegantly?'
	],
	['lf-021', T, 'Qui a le rire le plus contagieux de la table ?', 'Who’s got the most contagious laugh at this table?'],
	[
		'lf-022',
		CW,
		'Si on montait un orchestre d’ustensiles, qui jouerait de quoi ?',
		'If we started a band with kitchen utensils, who’d play what?'
	],
	[
		'lf-023',
		T,
		'Quel est le meilleur nom de chat que vous ayez entendu ?',
		'What’s the best name for a cat you’ve ever heard?'
	],
	['lf-024', ALL, 'Plutôt lève-tôt ou couche-tard ?', 'Early bird or night owl?'],
	[
		'lf-025',
		CT,
		'Si vous étiez une épice, laquelle seriez-vous ?',
		'If you were a spice, which one would you be?',
		K.spice
	],
	[
		'lf-026',
		CW,
		'Quel objet de la cuisine emporteriez-vous sur une île déserte ?',
		'Which kitchen object would you take to a desert island?'
	],
	[
		'lf-027',
		ALL,
		'Quelle est la plus jolie chose que vous ayez vue cette semaine ?',
		'What’s the loveliest thing you’ve seen this week?'
	],
	[
		'lf-028',
		ALL,
		'Si la cantine avait une mascotte, à quoi ressemblerait-elle ?',
		'If the canteen had a mascot, what would it look like?'
	],
	[
		'lf-029',
		CT,
		'Quelle est votre expression préférée pour dire « c’est délicieux » ?',
		'What’s your favourite way of saying “this is delicious”?'
	],
	['lf-030', T, 'Chaud ou froid : quel dessert l’emporte ?', 'Hot pudding or cold dessert: which wins?'],
	[
		'lf-031',
		W,
		'Si on inventait une danse de la vaisselle, elle ressemblerait à quoi ?',
		'If we made up a washing-up dance, what would it look like?'
	],
	[
		'lf-032',
		ALL,
		'Qui connaît une bonne blague ? Les blagues nulles sont aussi acceptées !',
		'Who knows a good joke? Terrible ones very welcome!'
	],
	[
		'lf-033',
		TW,
		'Si vous deviez résumer ce repas en un mot, ce serait lequel ?',
		'If you had to sum up this meal in one word, what would it be?'
	],
	[
		'lf-034',
		T,
		'Quelle est la chose la plus étrange que vous ayez mise sur une tartine ?',
		'What’s the strangest thing you’ve ever put on toast?'
	],
	[
		'lf-035',
		CW,
		'Quels surnoms donneriez-vous à la marmite, au four et à l’évier ?',
		'What nicknames would you give the pot, the oven and the sink?'
	],
	['lf-036', TW, 'Plutôt thé ou café ? Ou ni l’un ni l’autre ?', 'Tea or coffee? Or neither?'],
	['lf-037', ALL, 'Quel légume ferait le meilleur super-héros ?', 'Which vegetable would make the best superhero?'],
	[
		'lf-038',
		TW,
		'Si ce repas était une chanson, ce serait laquelle ?',
		'If this meal were a song, which one would it be?'
	],
	[
		'lf-039',
		W,
		'Qui prend le torchon, qui prend l’éponge ? On tire à pile ou face ?',
		'Who’s on tea towel, who’s on sponge? Shall we flip a coin?'
	],
	[
		'lf-040',
		W,
		'Quel est le bruit le plus satisfaisant de la vaisselle ?',
		'What’s the most satisfying sound in the washing-up?'
	]
];

/**
 * French puts a space before ? ! : ; and inside « ». A narrow no-break space keeps the mark
 * on the same line as its word when the kitchen screen wraps the text.
 */
function frenchSpacing(s: string): string {
	return s.replace(/ ([?!:;»])/g, '\u202f$1').replace(/« /g, '«\u202f');
}

function build(category: PromptCategory, rows: readonly Row[]): Prompt[] {
	return rows.map(([id, phases, fr, en, keywords]) => ({
		id,
		category,
		phases: [...phases],
		text: { fr: frenchSpacing(fr), en },
		...(keywords ? { keywords: [...new Set(keywords)] } : {}),
		source: 'library'
	}));
}

export const PROMPT_LIBRARY: readonly Prompt[] = [
	...build('food-memories', foodMemories),
	...build('neighbourhood', neighbourhood),
	...build('skills', skills),
	...build('menu', menu),
	...build('light-fun', lightFun)
];

const byId = new Map(PROMPT_LIBRARY.map((p) => [p.id, p]));

export function libraryPrompt(id: string): Prompt | undefined {
	return byId.get(id);
}
